package io.concordia.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "plain          | \"plain\"",
                "a\"b           | \"a\\\"b\"",
                "back\\slash    | \"back\\\\slash\"",
                "`tab\there`    | \"tab\\there\"",
                "`slash/ok`     | \"slash/ok\"",
                "`é€😀`           | \"é€😀\"",
            })
    void shouldEscapeQuotesBackslashesAndControlCharacters(String value, String expected) {
        assertThat(Json.quote(value)).isEqualTo(expected);
    }

    @Test
    void shouldEscapeEveryControlCharacter() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x20; c++) {
            all.append(c);
        }
        all.append('\u2028').append('\u2029').append('\u007f');

        String quoted = Json.quote(all.toString());

        assertThat(quoted).doesNotContainPattern("[\\x00-\\x1f\\u2028\\u2029]");
        assertThat(quoted)
                .startsWith("\"\\u0000\\u0001")
                .contains("\\b\\t\\n\\u000b\\f\\r")
                .contains("\\u001f");
        assertThat(SchemaRules.MAPPER.readTree(quoted).asText()).isEqualTo(all.toString());
    }

    @Test
    void shouldRoundTripHostileAccountCodesThroughARealJsonParser() throws Exception {
        String buyer = "A\"},{\"x\":\"\\";
        String seller = "line\nbreak\u0000é";
        TradeRecord trade = new TradeRecord(
                "venue-a",
                "id\"1",
                "XBT\\USD",
                new BigDecimal("800.10"),
                new BigDecimal("3"),
                buyer,
                seller,
                Instant.parse("2013-11-25T00:00:00Z"));

        var node = SchemaRules.MAPPER.readTree(trade.toJson());

        assertThat(node.size()).isEqualTo(8);
        assertThat(node.get("buyer").asText()).isEqualTo(buyer);
        assertThat(node.get("seller").asText()).isEqualTo(seller);
        assertThat(node.get("tradeId").asText()).isEqualTo("id\"1");
        assertThat(node.get("symbol").asText()).isEqualTo("XBT\\USD");
        assertThat(node.get("price").asText()).isEqualTo("800.10");
        assertThat(node.get("executedAt").asText()).isEqualTo("2013-11-25T00:00:00Z");
    }

    @Test
    void shouldWriteDecimalsAsPlainStrings() {
        PriceRecord price =
                new PriceRecord("venue-b", "BTC-PERP", new BigDecimal("1E+3"), Instant.parse("2026-11-25T12:00:00.5Z"));

        assertThat(price.toJson())
                .isEqualTo(
                        "{\"venue\":\"venue-b\",\"symbol\":\"BTC-PERP\",\"price\":\"1000\",\"at\":\"2026-11-25T12:00:00.500Z\"}");
    }
}
