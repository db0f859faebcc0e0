package io.concordia.clearing.api;

import static io.concordia.clearing.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.concordia.clearing.support.WireFormat;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every figure of a member's view of a traded account leaves as the contract writes it: money, prices and quantities as
 * decimal strings without exponent, USD amounts at the asset's two decimals, other decimals without the trailing zeros
 * of their columns.
 */
@QuarkusTest
class WireFormatTest {

    /** The USD amounts of these bodies: at most two decimals. */
    private static final Set<String> USD_AMOUNTS =
            Set.of("im", "mm", "equity", "collateralValue", "callAmount", "excess", "balance", "amount");

    @Test
    void shouldWriteEveryFigureOfATradedAccountAsADecimalStringAtItsScale() {
        Trading w = new Trading();
        Margins.usd();
        Margins.mark(w.product, "64000.5");
        // a thin deposit against 1 BTC: the account is called, so its margin events carry figures to check
        Api.deposit(w.accountA, "USD", "2000.50");
        Api.deposit(w.accountB, "USD", "10000000");
        w.publishTrade(w.venueA, Trading.nextTradeId(), "64000.25", "1000", w.accountA, w.accountB);
        Eventually.until(
                "the trade booked",
                () -> Trading.position(w.accountA, w.product).compareTo(BigDecimal.ONE) == 0);
        Margins.awaitQuiet();
        String member = Tokens.member(w.memberA);

        Map<String, String> bodies = new java.util.LinkedHashMap<>();
        for (String path : List.of(
                "/positions",
                "/trades",
                "/margin",
                "/margin/history",
                "/margin/mode-preview",
                "/margin/liquidation-prices",
                "/margin/liquidation-prices/underlyings",
                "/greeks",
                "/collateral",
                "/ledger")) {
            bodies.put(
                    path,
                    as(member)
                            .get("/api/v1/accounts/{a}" + path, w.accountA)
                            .then()
                            .statusCode(200)
                            .extract()
                            .asString());
        }
        bodies.put(
                "what-if",
                as(member)
                        .body(Map.of(
                                "account",
                                w.accountA,
                                "trades",
                                List.of(Map.of("product", w.product, "quantity", "0.5", "price", "64100.125"))))
                        .post("/api/v1/margin/what-if")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        bodies.put(
                "marks",
                as(member)
                        .get("/api/v1/marks/{p}", w.product)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());
        bodies.put(
                "instruments",
                as(member)
                        .get("/api/v1/venues/{v}/instruments", w.venueA)
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString());

        List<String> breaches = new java.util.ArrayList<>();
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            WireFormat.breaches(body.getValue(), 2, USD_AMOUNTS).forEach(b -> breaches.add(body.getKey() + " " + b));
        }
        assertThat(breaches).as(bodies.toString()).isEmpty();
        // the figures are there to be checked: the margin has its breakdown, the position its quantity
        assertThat(bodies.get("/margin")).contains("\"breakdown\"").contains("\"imStress\"");
        assertThat(bodies.get("/positions")).contains("\"quantity\":\"1\"").contains("\"averagePrice\":\"64000.25\"");

        List<ConsumerRecord<String, String>> events =
                Margins.records("margin-events", w.accountA, Duration.ofSeconds(1));
        assertThat(events).isNotEmpty();
        for (ConsumerRecord<String, String> event : events) {
            assertThat(WireFormat.breaches(event.value(), 2, USD_AMOUNTS))
                    .as(event.value())
                    .isEmpty();
        }
    }

    @Test
    void shouldFindTheBreachesItIsThereToFind() {
        assertThat(WireFormat.breaches("{\"imStress\":1.536E+4}", 2, Set.of())).hasSize(1);
        assertThat(WireFormat.breaches("{\"quantity\":\"1000.000000000000000000\"}", 2, Set.of()))
                .hasSize(1);
        assertThat(WireFormat.breaches("{\"im\":\"1.5E+4\"}", 2, Set.of())).hasSize(1);
        assertThat(WireFormat.breaches("{\"im\":\"10.005\"}", 2, Set.of("im"))).hasSize(1);
        assertThat(WireFormat.breaches("{\"im\":15000}", 2, Set.of("im"))).hasSize(1);
        assertThat(WireFormat.breaches(
                        "{\"im\":\"10.50\",\"q\":\"0.001\",\"count\":3,\"confidence\":0.99}", 2, Set.of("im")))
                .isEmpty();
    }
}
