package io.concordia.margin.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The strict JSON reader and writer. */
class JsonTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldReadNumbersAsExactDecimals() {
        Map<?, ?> m = (Map<?, ?>)
                Json.parse(
                        "{\"a\": 0.1, \"b\": [1e-3, -0, 12345678901234567890.123], \"c\": \"x\\u00e9\\n\", \"d\": null, \"e\": true}");

        assertThat(m.get("a")).isEqualTo(new BigDecimal("0.1"));
        assertThat((List<Object>) m.get("b"))
                .containsExactly(
                        new BigDecimal("1e-3"), new BigDecimal("-0"), new BigDecimal("12345678901234567890.123"));
        assertThat(m.get("c")).isEqualTo("x\u00e9\n");
        assertThat(m.get("d")).isSameAs(Json.NULL);
        assertThat(m.get("e")).isEqualTo(Boolean.TRUE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"a\": 1,}|expected a string key",
                "[1, 2,]|expected a value",
                "{\"a\": 1} x|unexpected content after the JSON value",
                "{\"a\": 1, \"a\": 2}|duplicate key \"a\"",
                "[01]|leading zero",
                "[NaN]|expected a value",
                "[Infinity]|expected a value",
                "[1.]|expected digits after the decimal point",
                "[1e]|expected digits in the exponent",
                "[+1]|expected a value",
                "\"abc|unterminated string",
                "[\"a\\x\"]|bad escape",
                "{\"a\" 1}|expected ':'",
                "[tru]|expected 'true'",
                "{'a': 1}|expected a string key"
            })
    void shouldRejectMalformedJsonWithPosition(String text, String message) {
        assertThatThrownBy(() -> Json.parse(text))
                .isInstanceOf(JsonException.class)
                .hasMessageContaining("malformed JSON at line 1, column")
                .hasMessageContaining(message);
    }

    @Test
    void shouldRejectControlCharactersAndDeepNesting() {
        assertThatThrownBy(() -> Json.parse("[\"a\u0001\"]")).hasMessageContaining("unescaped control character");
        assertThatThrownBy(() -> Json.parse("[".repeat(100) + "]".repeat(100)))
                .hasMessageContaining("nesting deeper than 64");
    }

    @Test
    void shouldReportLineAndColumnOnLaterLines() {
        assertThatThrownBy(() -> Json.parse("{\n  \"a\": 1,\n  \"b\": ?\n}")).hasMessageContaining("line 3, column 8");
    }

    @Test
    void shouldWriteWhatItReads() {
        String text = Json.write(Map.of("k", List.of(new BigDecimal("1.50"), "s\"q", 2.5, Json.NULL)));

        assertThat(Json.parse(text))
                .isEqualTo(Map.of("k", List.of(new BigDecimal("1.50"), "s\"q", new BigDecimal("2.5"), Json.NULL)));
    }

    @Test
    void shouldRefuseToWriteNonFiniteNumbers() {
        assertThatThrownBy(() -> Json.write(List.of(Double.NaN))).hasMessageContaining("non-finite");
    }
}
