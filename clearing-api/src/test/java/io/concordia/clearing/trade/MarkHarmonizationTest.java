package io.concordia.clearing.trade;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Venue prices on the real broker become one harmonized mark per product. */
@QuarkusTest
class MarkHarmonizationTest {

    @Test
    void shouldMarkAtTheMedianOfFreshVenuePricesAndIgnoreOneVenuesOutlier() {
        Trading w = new Trading();
        String venueC = Api.unique("vc").toLowerCase();
        operator()
                .body(Map.of("code", venueC, "name", "C"))
                .post("/api/v1/admin/venues")
                .then()
                .statusCode(201);
        operator()
                .body(Map.of("symbol", "BTCUSDT", "product", w.product, "contractSize", "1"))
                .post("/api/v1/admin/venues/{v}/instruments", venueC)
                .then()
                .statusCode(201);
        Instant now = Instant.now();
        TestKafka.send("prices." + w.venueA, "XBTUSD", Trading.price(w.venueA, "XBTUSD", "64000", now));
        TestKafka.send("prices." + w.venueB, "BTC-PERP", Trading.price(w.venueB, "BTC-PERP", "64100", now));
        Eventually.until(
                "a mark from two venues",
                () -> markOf(w.product) != null && markOf(w.product).compareTo(new java.math.BigDecimal("64050")) == 0);

        // one venue alone reports a crash far outside the band: the mark does not follow it
        TestKafka.send("prices." + venueC, "BTCUSDT", Trading.price(venueC, "BTCUSDT", "30000", Instant.now()));
        Eventually.until(
                "venue C's price stored",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM venue_price vp JOIN venue v ON v.id = vp.venue_id WHERE v.code = ?",
                                venueC)
                        == 1);
        assertThat(markOf(w.product)).isEqualByComparingTo("64050");
        as(Tokens.member(w.memberA))
                .get("/api/v1/marks/{p}", w.product)
                .then()
                .statusCode(200)
                .body("price", equalTo("64050"))
                .body("source", equalTo("HARMONIZED"))
                .body("sources", equalTo(2));
    }

    @Test
    void shouldLetAnOperatorOverrideTheMarkUntilTheOverrideIsCleared() {
        Trading w = new Trading();
        operator()
                .body(Map.of("price", "61000.5", "reason", "venue feeds frozen"))
                .put("/api/v1/admin/marks/{p}", w.product)
                .then()
                .statusCode(200)
                .body("source", equalTo("OVERRIDE"))
                .body("price", equalTo("61000.5"));
        Instant now = Instant.now();
        TestKafka.send("prices." + w.venueA, "XBTUSD", Trading.price(w.venueA, "XBTUSD", "64000", now));
        TestKafka.send("prices." + w.venueB, "BTC-PERP", Trading.price(w.venueB, "BTC-PERP", "64000", now));
        Eventually.until(
                "both venue prices stored",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM venue_price vp JOIN product p ON p.id = vp.product_id WHERE p.symbol = ?",
                                w.product)
                        == 2);
        assertThat(markOf(w.product)).isEqualByComparingTo("61000.5");
        operator()
                .body(Map.of("reason", "feeds back"))
                .delete("/api/v1/admin/marks/{p}/override", w.product)
                .then()
                .statusCode(200)
                .body("source", equalTo("HARMONIZED"))
                .body("price", equalTo("64000"));
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE object_type = 'mark' AND object_code = ?", w.product))
                .isEqualTo(2);
        operator()
                .get("/api/v1/marks/{p}/history", w.product)
                .then()
                .statusCode(200)
                .body("size()", equalTo(2));
        as(Tokens.member(w.memberA))
                .body(Map.of("price", "1", "reason", "x"))
                .put("/api/v1/admin/marks/{p}", w.product)
                .then()
                .statusCode(403);
    }

    @Test
    void shouldKeepTheLastGoodMarkAndFlagItWhenAVenuesPriceGoesStale() throws InterruptedException {
        Trading w = new Trading();
        Instant now = Instant.now();
        TestKafka.send("prices." + w.venueA, "XBTUSD", Trading.price(w.venueA, "XBTUSD", "64000", now));
        // venue B's price is 56 s old: fresh now (max age 60 s), stale a few seconds from now
        TestKafka.send(
                "prices." + w.venueB, "BTC-PERP", Trading.price(w.venueB, "BTC-PERP", "64200", now.minusSeconds(56)));
        Eventually.until(
                "a mark",
                () -> markOf(w.product) != null && markOf(w.product).compareTo(new java.math.BigDecimal("64100")) == 0);
        Thread.sleep(5_000);
        TestKafka.send("prices." + w.venueA, "XBTUSD", Trading.price(w.venueA, "XBTUSD", "70000", Instant.now()));
        Eventually.until("the stale flag", () -> isStale(w.product));
        assertThat(markOf(w.product)).as("the last good mark is kept").isEqualByComparingTo("64100");
        // B reports again: two fresh prices, a new mark, the flag cleared
        TestKafka.send("prices." + w.venueB, "BTC-PERP", Trading.price(w.venueB, "BTC-PERP", "69000", Instant.now()));
        Eventually.until("a fresh mark", () -> !isStale(w.product));
        assertThat(markOf(w.product)).isEqualByComparingTo("69500");
    }

    @Test
    void shouldKeepTheLastGoodMarkWhenTheVenuesDisagreeBeyondTheBand() {
        Trading w = new Trading();
        Instant now = Instant.now();
        TestKafka.send("prices." + w.venueA, "XBTUSD", Trading.price(w.venueA, "XBTUSD", "64000", now));
        TestKafka.send("prices." + w.venueB, "BTC-PERP", Trading.price(w.venueB, "BTC-PERP", "64000", now));
        Eventually.until("a mark", () -> markOf(w.product) != null);
        TestKafka.send("prices." + w.venueA, "XBTUSD", Trading.price(w.venueA, "XBTUSD", "80000", Instant.now()));
        Eventually.until("the stale flag", () -> isStale(w.product));
        assertThat(markOf(w.product)).isEqualByComparingTo("64000");
    }

    static boolean isStale(String product) {
        return TestDatabase.count(
                        "SELECT count(*) FROM mark m JOIN product p ON p.id = m.product_id WHERE p.symbol = ? AND m.stale",
                        product)
                == 1;
    }

    static java.math.BigDecimal markOf(String product) {
        Object v = TestDatabase.single(
                "SELECT m.price FROM mark m JOIN product p ON p.id = m.product_id WHERE p.symbol = ?", product);
        return (java.math.BigDecimal) v;
    }
}
