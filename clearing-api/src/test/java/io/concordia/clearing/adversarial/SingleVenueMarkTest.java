package io.concordia.clearing.adversarial;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A venue that publishes a crash price, alone or together with the others, on the real broker. One venue never makes or
 * moves a mark; a move beyond the band on every venue is held until an operator accepts or overrides it; margin says
 * which marks it was computed on were stale or held.
 */
@QuarkusTest
class SingleVenueMarkTest {

    /** 1 BTC long at 64,000 with 25,000 USD: healthy at 64,000, in liquidation at 30,000. */
    private static final String COLLATERAL = "25000";

    @Test
    void shouldNotLetTheOnlyVenueOfAProductMarkItOrLiquidateAnAccount() {
        String product = Api.unique("BTC-PERP-");
        String venue = Api.unique("vs").toLowerCase();
        operator()
                .body(Map.of("symbol", product, "underlying", "BTC", "kind", "PERPETUAL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201);
        operator()
                .body(Map.of("code", venue, "name", "Only venue"))
                .post("/api/v1/admin/venues")
                .then()
                .statusCode(201);
        operator()
                .body(Map.of("symbol", "XBTUSD", "product", product, "contractSize", "0.001"))
                .post("/api/v1/admin/venues/{v}/instruments", venue)
                .then()
                .statusCode(201);
        String memberA = Api.createMember();
        String accountA = Api.openAccount(memberA);
        String accountB = Api.openAccount(Api.createMember());
        Margins.usd();
        Api.deposit(accountA, "USD", COLLATERAL);
        Api.deposit(accountB, "USD", "10000000");
        String tradeId = Trading.nextTradeId();
        TestKafka.send(
                "trades." + venue,
                tradeId,
                Trading.trade(
                        venue,
                        tradeId,
                        "XBTUSD",
                        "64000",
                        "1000",
                        accountA,
                        accountB,
                        Instant.now().toString()));
        Eventually.until(
                "the trade booked", () -> Trading.position(accountA, product).compareTo(BigDecimal.ONE) == 0);

        // the product's only venue reports 64,000, then a 53 % crash
        TestKafka.send("prices." + venue, "XBTUSD", Trading.price(venue, "XBTUSD", "64000", Instant.now()));
        TestKafka.send("prices." + venue, "XBTUSD", Trading.price(venue, "XBTUSD", "30000", Instant.now()));
        Eventually.until("the crash price stored", () -> TestDatabase.count("""
                SELECT count(*) FROM venue_price vp JOIN venue v ON v.id = vp.venue_id WHERE v.code = ? AND vp.price = 30000""", venue) == 1);
        Margins.awaitQuiet();

        assertThat(markOf(product)).as("one venue never makes a mark").isNull();
        assertThat(Margins.stored(accountA).get("status")).isEqualTo("HEALTHY");
        JsonPath margin = memberMargin(memberA, accountA);
        assertThat(margin.getList("staleMarks", String.class)).containsExactly(product);
        assertThat(margin.getList("heldMarks", String.class)).isEmpty();

        // a product listed on one venue is marked by operators
        Margins.mark(product, "64100");
        TestKafka.send("prices." + venue, "XBTUSD", Trading.price(venue, "XBTUSD", "29000", Instant.now()));
        Eventually.until("the next crash price stored", () -> TestDatabase.count("""
                SELECT count(*) FROM venue_price vp JOIN venue v ON v.id = vp.venue_id WHERE v.code = ? AND vp.price = 29000""", venue) == 1);
        Margins.awaitQuiet();
        assertThat(markOf(product)).isEqualByComparingTo("64100");
        assertThat(memberMargin(memberA, accountA).getList("staleMarks", String.class))
                .isEmpty();
        assertThat(Margins.stored(accountA).get("status")).isEqualTo("HEALTHY");
    }

    @Test
    void shouldHoldAMarkThatMovesTooFarUntilAnOperatorAcceptsOrOverridesIt() {
        Trading w = new Trading();
        Margins.usd();
        Api.deposit(w.accountA, "USD", COLLATERAL);
        Api.deposit(w.accountB, "USD", "10000000");
        publish(w, "64000", "64000");
        Eventually.until(
                "the mark at 64,000",
                () -> markOf(w.product) != null && markOf(w.product).compareTo(new BigDecimal("64000")) == 0);
        w.publishTrade(w.venueA, Trading.nextTradeId(), "64000", "1000", w.accountA, w.accountB);
        Eventually.until(
                "the trade booked",
                () -> Trading.position(w.accountA, w.product).compareTo(BigDecimal.ONE) == 0);
        Margins.awaitStatus(w.accountA, "HEALTHY");

        // one venue crashes alone: the venues disagree, the last good mark stays, flagged stale
        TestKafka.send("prices." + w.venueA, "XBTUSD", Trading.price(w.venueA, "XBTUSD", "30000", Instant.now()));
        Eventually.until(
                "the stale flag in margin",
                () -> memberMargin(w.memberA, w.accountA).getList("staleMarks").contains(w.product));
        assertThat(markOf(w.product)).isEqualByComparingTo("64000");
        assertThat(Margins.stored(w.accountA).get("status")).isEqualTo("HEALTHY");

        // every venue reports the crash: the move is held, the last good mark stays in force
        publish(w, "30000", "30100");
        Eventually.until(
                "the hold in margin",
                () -> memberMargin(w.memberA, w.accountA).getList("heldMarks").contains(w.product));
        assertThat(markOf(w.product)).isEqualByComparingTo("64000");
        assertThat(Margins.stored(w.accountA).get("status")).isEqualTo("HEALTHY");
        assertThat(memberMargin(w.memberA, w.accountA).getList("staleMarks", String.class))
                .doesNotContain(w.product);
        JsonPath attention = operator()
                .get("/api/v1/admin/marks")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        String held = "find { it.product == '%s' }".formatted(w.product);
        assertThat(attention.getBoolean(held + ".held")).isTrue();
        assertThat(attention.getString(held + ".price")).isEqualTo("64000");
        assertThat(attention.getString(held + ".hold.price")).isEqualTo("30050");
        assertThat(attention.getString(held + ".hold.reason"))
                .isEqualTo("moves -53% from 64000 within PT5M (band 10%)");
        as(Tokens.member(w.memberA)).get("/api/v1/admin/marks").then().statusCode(403);
        assertThat(eventTypes(w.product)).containsExactly("MARK_HELD");

        // the operator accepts what they saw, with a reason; members cannot
        as(Tokens.member(w.memberA))
                .body(Map.of("reason", "x"))
                .post("/api/v1/admin/marks/{p}/accept", w.product)
                .then()
                .statusCode(403);
        operator()
                .body(Map.of("reason", "x", "price", "31000"))
                .post("/api/v1/admin/marks/{p}/accept", w.product)
                .then()
                .statusCode(409)
                .body("code", equalTo("HELD_PRICE_CHANGED"));
        operator()
                .body(Map.of("price", "30050"))
                .post("/api/v1/admin/marks/{p}/accept", w.product)
                .then()
                .statusCode(400);
        operator()
                .body(Map.of("reason", "exchange-wide crash confirmed", "price", "30050"))
                .post("/api/v1/admin/marks/{p}/accept", w.product)
                .then()
                .statusCode(200)
                .body("source", equalTo("ACCEPTED"))
                .body("price", equalTo("30050"))
                .body("held", equalTo(false));
        Margins.awaitStatus(w.accountA, "LIQUIDATION");
        assertThat(memberMargin(w.memberA, w.accountA).getList("heldMarks", String.class))
                .isEmpty();
        assertThat(audits("ACCEPT_MARK", w.product)).isEqualTo(1);
        operator()
                .body(Map.of("reason", "nothing held"))
                .post("/api/v1/admin/marks/{p}/accept", w.product)
                .then()
                .statusCode(409)
                .body("code", equalTo("MARK_NOT_HELD"));

        // the venues jump back: held again, measured from the accepted mark; the operator overrides instead
        publish(w, "64000", "64000");
        Eventually.until("held again", () -> TestDatabase.count("""
                SELECT count(*) FROM mark m JOIN product p ON p.id = m.product_id WHERE p.symbol = ? AND m.held_price = 64000""", w.product) == 1);
        assertThat(markOf(w.product)).isEqualByComparingTo("30050");
        operator()
                .body(Map.of("price", "60000", "reason", "venues recovering, marked by hand"))
                .put("/api/v1/admin/marks/{p}", w.product)
                .then()
                .statusCode(200)
                .body("source", equalTo("OVERRIDE"))
                .body("held", equalTo(false));
        assertThat(audits("OVERRIDE_MARK", w.product)).isEqualTo(1);
        Margins.awaitQuiet();
        assertThat(memberMargin(w.memberA, w.accountA).getList("heldMarks", String.class))
                .isEmpty();
        assertThat(operator()
                        .get("/api/v1/admin/marks")
                        .then()
                        .statusCode(200)
                        .extract()
                        .jsonPath()
                        .getList("product", String.class))
                .doesNotContain(w.product);
        Eventually.until("the decisions published", () -> eventTypes(w.product).size() == 4);
        assertThat(eventTypes(w.product)).containsExactly("MARK_HELD", "MARK_ACCEPTED", "MARK_HELD", "MARK_OVERRIDDEN");
    }

    private static void publish(Trading w, String priceA, String priceB) {
        Instant now = Instant.now();
        TestKafka.send("prices." + w.venueA, "XBTUSD", Trading.price(w.venueA, "XBTUSD", priceA, now));
        TestKafka.send("prices." + w.venueB, "BTC-PERP", Trading.price(w.venueB, "BTC-PERP", priceB, now));
    }

    private static JsonPath memberMargin(String member, String account) {
        return as(Tokens.member(member))
                .get("/api/v1/accounts/{a}/margin", account)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    private static List<String> eventTypes(String product) {
        return Margins.records("mark-events", product, Duration.ofSeconds(1)).stream()
                .map(r -> JsonPath.from(r.value()).getString("type"))
                .toList();
    }

    private static long audits(String action, String product) {
        return TestDatabase.count(
                "SELECT count(*) FROM audit_log WHERE action = ? AND object_type = 'mark' AND object_code = ? "
                        + "AND actor = 'op-alice'",
                action,
                product);
    }

    private static BigDecimal markOf(String product) {
        return (BigDecimal) TestDatabase.single(
                "SELECT m.price FROM mark m JOIN product p ON p.id = m.product_id WHERE p.symbol = ?", product);
    }
}
