package io.concordia.clearing.margin;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.OptionWorld;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.MarginCalculator;
import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionRight;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.option.Black76;
import io.concordia.types.AssetCode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Options end to end on the real broker and database (docs/margin-model.md §8): listing, venue prices with implied
 * volatility, trades, margin under full revaluation (reproduced by margin-core from the same inputs), Greeks, what-if,
 * liquidation by underlying, and expiry: settled at the final price by the first cycle after it, positions closed,
 * and nothing accepted for the product afterwards.
 */
@QuarkusTest
class OptionsClearingTest {

    @Inject
    MarginEngine engine;

    @Test
    void shouldMarginAnOptionByFullRevaluationAsMarginCoreDoesFromTheSameInputs() throws Exception {
        OptionWorld o = new OptionWorld("65000", "CALL", java.time.Duration.ofDays(30));
        Instant expiresAt = o.expiresAt;
        Instant now = Instant.now();
        o.price(o.w.venueA, "2240", "0.60", now);
        o.price(o.w.venueB, "2250", "0.62", now);
        Eventually.until(
                "the option's mark",
                () -> as(Tokens.member(o.w.memberA))
                                .get("/api/v1/marks/{p}", o.option)
                                .statusCode()
                        == 200);
        JsonPath mark = as(Tokens.member(o.w.memberA))
                .get("/api/v1/marks/{p}", o.option)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(new BigDecimal(mark.getString("price"))).isEqualByComparingTo("2245"); // the median of the venues
        assertThat(new BigDecimal(mark.getString("iv"))).isEqualByComparingTo("0.61");

        o.trade("2245", "10", Instant.now());
        Eventually.until(
                "the option trade booked",
                () -> Trading.position(o.w.accountA, o.option).compareTo(BigDecimal.TEN) == 0);
        Margins.awaitQuiet();

        // the short side: margin-core, given the same positions, marks, volatility, forward and time, agrees to the
        // cent
        Map<String, Object> stored = Margins.stored(o.w.accountB);
        Instant valuationTime = (Instant) stored.get("computedAt");
        Product call = Product.option(o.option, "BTC", "65000", OptionRight.CALL, expiresAt);
        Product perp = Product.perpetual(o.w.product, "BTC");
        MarginAccount b = new MarginAccount(
                MarginMode.CROSS,
                List.of(new Position(
                        call,
                        new BigDecimal("-10"),
                        new BigDecimal("2245"),
                        new BigDecimal("2245"),
                        BigDecimal.ZERO,
                        new BigDecimal("0.61"))),
                List.of(new CollateralHolding(AssetCode.of("USD"), new BigDecimal("100000"), BigDecimal.ONE, null)),
                null,
                BigDecimal.ZERO,
                new OptionMarket(valuationTime, Map.of(UnderlyingId.of("BTC"), new BigDecimal("60000"))));
        AccountMargin expected = marginCore(b);
        assertThat((BigDecimal) stored.get("im")).isEqualByComparingTo(expected.im());
        assertThat((BigDecimal) stored.get("mm")).isEqualByComparingTo(expected.mm());
        assertThat((BigDecimal) stored.get("equity")).isEqualByComparingTo(expected.equity());
        assertThat(expected.components().imShortOption())
                .as("short option minimum")
                .isPositive();

        JsonPath margin = as(Tokens.member(o.w.memberB))
                .get("/api/v1/accounts/{a}/margin", o.w.accountB)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(margin.getString("breakdown.components.imShortOption")).isNotNull();
        assertThat(margin.getList("breakdown.components.positionGreeks")).hasSize(1);

        // Greeks: the short calls' delta is -10 N(d1) at the mark's volatility and the perpetual's mark
        JsonPath greeks = as(Tokens.member(o.w.memberB))
                .get("/api/v1/accounts/{a}/greeks", o.w.accountB)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        double tau = Black76.yearsToExpiry(Instant.parse(greeks.getString("valuationTime")), expiresAt);
        double delta = Black76.greeks(OptionRight.CALL, 60000, 65000, 0.61, tau).delta();
        assertThat(Double.parseDouble(greeks.getString("positions[0].delta"))).isCloseTo(-10 * delta, within(1e-9));
        assertThat(Double.parseDouble(greeks.getString("underlyings[0].deltaNotional")))
                .isCloseTo(-10 * delta * 60000, within(1e-4));
        assertThat(greeks.getString("underlyings[0].forward")).isEqualTo("60000");
        as(Tokens.member(o.w.memberA))
                .get("/api/v1/accounts/{a}/greeks", o.w.accountB)
                .then()
                .statusCode(404);

        // what-if: B buying the calls back leaves nothing to margin
        JsonPath whatIf = Margins.whatIf(o.w.memberB, o.w.accountB, o.option, "10", "2245");
        assertThat(Margins.decimal(whatIf, "after.im")).isEqualByComparingTo("0");
        OptionMarket thenMarket = new OptionMarket(
                Instant.parse(whatIf.getString("valuationTime")), b.market().forwards());
        assertThat(Margins.decimal(whatIf, "before.im"))
                .isEqualByComparingTo(marginCore(b.withMarket(thenMarket)).im());
        // ... and A, holding them, asked about selling twice as many, is margined like B
        JsonPath oversell = Margins.whatIf(o.w.memberA, o.w.accountA, o.option, "-20", "2245");
        assertThat(Margins.decimal(oversell, "after.im")).isPositive();

        // the replication command line, given the request the service hands out, prints exactly the service's result
        String replication = as(Tokens.member(o.w.memberB))
                .get("/api/v1/accounts/{a}/margin/replication", o.w.accountB)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        com.fasterxml.jackson.databind.JsonNode tree =
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(replication);
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        int exit = io.concordia.margin.replication.cli.ReplicationMain.run(
                new String[0],
                new java.io.ByteArrayInputStream(
                        tree.get("request").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8),
                System.err);
        assertThat(exit).isZero();
        com.fasterxml.jackson.databind.JsonNode cli = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(printed.toString(java.nio.charset.StandardCharsets.UTF_8));
        // the same figures, to the digit: a number compares by value (0 and 0.0 are one figure), anything else exactly
        java.util.Comparator<com.fasterxml.jackson.databind.JsonNode> byValue = (x, y) ->
                x.isNumber() && y.isNumber() ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y) ? 0 : 1;
        assertThat(cli.equals(byValue, tree.get("result")))
                .as(cli + "\n" + tree.get("result"))
                .isTrue();
        assertThat(tree.at("/result/components/imShortOption").asDouble()).isPositive();
        assertThat(new BigDecimal(tree.at("/request/portfolio/forwards/BTC").asText()))
                .isEqualByComparingTo("60000");

        // a short call is liquidated by a rise of its underlying, none by a fall
        JsonPath liquidation = as(Tokens.member(o.w.memberB))
                .get("/api/v1/accounts/{a}/margin/liquidation-prices/underlyings", o.w.accountB)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(liquidation.getString("[0].underlying")).isEqualTo("BTC");
        assertThat(liquidation.getBoolean("[0].liquidatingNow")).isFalse();
        assertThat(liquidation.getString("[0].below")).isNull();
        assertThat(new BigDecimal(liquidation.getString("[0].above"))).isGreaterThan(new BigDecimal("60000"));
    }

    @Test
    void shouldMarginAnIsolatedOptionBucketOnItsOwnCollateral() throws Exception {
        OptionWorld o = new OptionWorld("55000", "PUT", java.time.Duration.ofDays(14));
        String isolated = Api.openAccount(o.w.memberB, "ISOLATED", "HOUSE");
        Api.deposit(isolated, "USD", "30000");
        o.price(o.w.venueA, "1200", "0.70", Instant.now());
        o.price(o.w.venueB, "1210", "0.72", Instant.now());
        Eventually.until(
                "the put's mark",
                () -> as(Tokens.member(o.w.memberA))
                                .get("/api/v1/marks/{p}", o.option)
                                .statusCode()
                        == 200);
        String id = Trading.nextTradeId();
        TestKafka.send(
                "trades." + o.w.venueA,
                id,
                Trading.trade(
                        o.w.venueA,
                        id,
                        o.option,
                        "1205",
                        "4",
                        o.w.accountA,
                        isolated,
                        Instant.now().toString()));
        Eventually.until(
                "the isolated short booked",
                () -> Trading.position(isolated, o.option).compareTo(new BigDecimal("-4")) == 0);
        as(Tokens.member(o.w.memberB))
                .body(Map.of("asset", "USD", "quantity", "20000"))
                .post("/api/v1/accounts/{a}/buckets/{p}/allocate", isolated, o.option)
                .then()
                .statusCode(200);
        Margins.awaitQuiet();

        Map<String, Object> stored = Margins.stored(isolated);
        Product put = Product.option(o.option, "BTC", "55000", OptionRight.PUT, o.expiresAt);
        MarginAccount account = new MarginAccount(
                MarginMode.ISOLATED,
                List.of(new Position(
                        put,
                        new BigDecimal("-4"),
                        new BigDecimal("1205"),
                        new BigDecimal("1205"),
                        BigDecimal.ZERO,
                        new BigDecimal("0.71"))),
                List.of(
                        new CollateralHolding(
                                AssetCode.of("USD"),
                                new BigDecimal("20000"),
                                BigDecimal.ONE,
                                io.concordia.margin.model.ProductId.of(o.option)),
                        new CollateralHolding(AssetCode.of("USD"), new BigDecimal("10000"), BigDecimal.ONE, null)),
                null,
                BigDecimal.ZERO,
                new OptionMarket(
                        (Instant) stored.get("computedAt"), Map.of(UnderlyingId.of("BTC"), new BigDecimal("60000"))));
        AccountMargin expected = marginCore(account);
        assertThat((BigDecimal) stored.get("im")).isEqualByComparingTo(expected.im());
        assertThat((String) stored.get("status")).isEqualTo(expected.status().name());
        assertThat(expected.buckets())
                .singleElement()
                .satisfies(b -> assertThat(b.requirement().imShortOption()).isPositive());
        as(Tokens.member(o.w.memberB))
                .get("/api/v1/accounts/{a}/margin", isolated)
                .then()
                .statusCode(200)
                .body("mode", equalTo("ISOLATED"))
                .body("buckets[0].product", equalTo(o.option));
    }

    @Test
    void shouldDeadLetterOptionPricesWithoutVolatilityAndLinearPricesWithOne() {
        OptionWorld o = new OptionWorld("70000", "PUT", java.time.Duration.ofDays(10));
        String withoutIv = Trading.price(o.w.venueA, o.option, "100", Instant.now());
        TestKafka.send("prices." + o.w.venueA, "no-iv-" + o.option, withoutIv);
        TestKafka.send("prices." + o.w.venueA, "iv-" + o.option, """
                {"venue":"%s","symbol":"XBTUSD","price":"60000","iv":"0.5","at":"%s"}""".formatted(o.w.venueA, Instant.now()));
        for (String key : List.of("no-iv-" + o.option, "iv-" + o.option)) {
            Eventually.until(
                    "the dead letter of " + key,
                    () -> TestDatabase.count(
                                    "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'IMPLIED_VOLATILITY'",
                                    key)
                            == 1);
        }
        operator()
                .body(Map.of("price", "9000", "iv", "0.5", "reason", "no venue yet"))
                .put("/api/v1/admin/marks/{p}", o.w.product)
                .then()
                .statusCode(422)
                .body("code", equalTo("IMPLIED_VOLATILITY"));
        operator()
                .body(Map.of("price", "9000", "reason", "no venue yet"))
                .put("/api/v1/admin/marks/{p}", o.option)
                .then()
                .statusCode(422)
                .body("code", equalTo("IMPLIED_VOLATILITY"));
        operator()
                .body(Map.of("price", "9000", "iv", "0.7", "reason", "no venue yet"))
                .put("/api/v1/admin/marks/{p}", o.option)
                .then()
                .statusCode(200)
                .body("iv", equalTo("0.7"));
    }

    @Test
    void shouldRefuseOptionsWithoutTheirTermsAndProductsWithTermsOfAnotherKind() {
        Trading w = new Trading();
        String symbol = Api.unique("BTC-X-");
        Instant expiry = Instant.now().plus(5, ChronoUnit.DAYS);
        Map<String, Object> noRight = Map.of(
                "symbol",
                symbol,
                "underlying",
                "BTC",
                "kind",
                "OPTION",
                "strike",
                "65000",
                "expiresAt",
                expiry.toString());
        operator()
                .body(noRight)
                .post("/api/v1/admin/products")
                .then()
                .statusCode(422)
                .body("code", equalTo("INVALID_OPTION_TERMS"));
        operator()
                .body(Map.of(
                        "symbol", symbol, "underlying", "BTC", "kind", "OPTION", "strike", "65000", "right", "CALL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(422)
                .body("code", equalTo("INVALID_EXPIRY"));
        operator()
                .body(Map.of(
                        "symbol",
                        symbol,
                        "underlying",
                        "BTC",
                        "kind",
                        "OPTION",
                        "strike",
                        "65000",
                        "right",
                        "CALL",
                        "expiresAt",
                        Instant.now().minusSeconds(1).toString()))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(422)
                .body("code", equalTo("INVALID_EXPIRY"));
        operator()
                .body(Map.of("symbol", symbol, "underlying", "BTC", "kind", "PERPETUAL", "strike", "65000"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(422)
                .body("code", equalTo("INVALID_OPTION_TERMS"));
        operator()
                .body(Map.of(
                        "symbol",
                        symbol,
                        "underlying",
                        "BTC",
                        "kind",
                        "OPTION",
                        "strike",
                        "-1",
                        "right",
                        "CALL",
                        "expiresAt",
                        expiry.toString()))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(422);
        assertThat(TestDatabase.count("SELECT count(*) FROM product WHERE symbol = ?", symbol))
                .isZero();
        assertThat(w.product).isNotBlank();
    }

    @Test
    void shouldSettleAnExpiredOptionAtItsIntrinsicValueCloseItsPositionsAndTakeNothingMore() {
        OptionWorld o = new OptionWorld("58000", "CALL", java.time.Duration.ofSeconds(4));
        Instant expiresAt = o.expiresAt;
        o.price(o.w.venueA, "2100", "0.55", Instant.now());
        o.price(o.w.venueB, "2110", "0.56", Instant.now());
        o.trade("2100", "2", Instant.now());
        Eventually.until(
                "the option trade booked",
                () -> Trading.position(o.w.accountA, o.option).compareTo(BigDecimal.valueOf(2)) == 0);
        sleepUntil(expiresAt.plusMillis(300));

        String late = o.trade("2100", "1", Instant.now());
        o.price(o.w.venueA, "2000", "0.5", Instant.now());
        Eventually.until(
                "the trade after expiry dead-lettered",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'PRODUCT_EXPIRED'",
                                late)
                        == 1);
        Eventually.until(
                "the price after expiry dead-lettered",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'PRODUCT_EXPIRED'",
                                o.option)
                        == 1);

        operator().body(Map.of()).post("/api/v1/admin/settlement-cycles").then().statusCode(201);
        Map<String, Object> settled = new HashMap<>();
        assertThat(TestDatabase.decimal("""
                SELECT sp.price FROM settlement_price sp JOIN product p ON p.id = sp.product_id
                 WHERE p.symbol = ? AND sp.source = 'FINAL'""", o.option)).isEqualByComparingTo("2000"); // 60,000 - 58,000
        JsonPath finalPrice = as(Tokens.member(o.w.memberA))
                .get("/api/v1/products/{p}/final-price", o.option)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        settled.put("source", finalPrice.getString("source"));
        settled.put("underlyingPrice", finalPrice.getString("underlyingPrice"));
        assertThat(settled).containsEntry("source", "INTRINSIC").containsEntry("underlyingPrice", "60000");
        assertThat(finalPrice.getString("settledCycle")).isNotNull();
        for (String account : List.of(o.w.accountA, o.w.accountB)) {
            assertThat(Trading.position(account, o.option)).as(account).isEqualByComparingTo("0");
        }
        // A bought 2 at 2,100 and they settled at 2,000
        assertThat(TestDatabase.decimal("""
                SELECT sum(l.variation_margin) FROM settlement_statement_line l JOIN account a ON a.id = l.account_id
                  JOIN product p ON p.id = l.product_id WHERE a.code = ? AND p.symbol = ?""", o.w.accountA, o.option)).isEqualByComparingTo("-200");
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM settlement_position s JOIN product p ON p.id = s.product_id WHERE p.symbol = ?""", o.option)).isZero();

        // a trade executed before expiry that arrives after the final settlement is refused too
        String straggler = o.trade("2100", "1", expiresAt.minusSeconds(2));
        Eventually.until(
                "the straggler dead-lettered",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM dead_letter WHERE record_key = ? AND reason = 'PRODUCT_EXPIRED'",
                                straggler)
                        == 1);
        operator()
                .body(Map.of("price", "1", "reason", "too late"))
                .put("/api/v1/admin/products/{p}/final-price", o.option)
                .then()
                .statusCode(409)
                .body("code", equalTo("PRODUCT_SETTLED"));
        Margins.awaitQuiet();
        assertThat(((BigDecimal) Margins.stored(o.w.accountA).get("im"))).isEqualByComparingTo("0");
    }

    @Test
    void shouldSettleAnExpiredFutureAtTheFinalPriceAnOperatorSet() {
        Trading w = new Trading();
        Margins.usd();
        Margins.mark(w.product, "60000");
        Api.deposit(w.accountA, "USD", "100000");
        Api.deposit(w.accountB, "USD", "100000");
        Instant expiresAt = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        String future = Api.unique("BTC-F-");
        operator()
                .body(Map.of(
                        "symbol",
                        future,
                        "underlying",
                        "BTC",
                        "kind",
                        "FUTURE",
                        "expiry",
                        LocalDate.ofInstant(expiresAt, ZoneOffset.UTC).toString(),
                        "expiresAt",
                        expiresAt.toString()))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201)
                .body("expiresAt", equalTo(expiresAt.toString()));
        operator()
                .body(Map.of("symbol", future, "product", future, "contractSize", "1"))
                .post("/api/v1/admin/venues/{v}/instruments", w.venueA)
                .then()
                .statusCode(201);
        Margins.mark(future, "61000");
        String id = Trading.nextTradeId();
        TestKafka.send(
                "trades." + w.venueA,
                id,
                Trading.trade(
                        w.venueA,
                        id,
                        future,
                        "61000",
                        "3",
                        w.accountA,
                        w.accountB,
                        Instant.now().toString()));
        Eventually.until(
                "the future trade booked",
                () -> Trading.position(w.accountA, future).compareTo(new BigDecimal("3")) == 0);
        operator()
                .body(Map.of("price", "61500", "reason", "exchange delivery settlement price"))
                .put("/api/v1/admin/products/{p}/final-price", future)
                .then()
                .statusCode(200)
                .body("source", equalTo("OPERATOR"));
        operator()
                .body(Map.of("price", "1", "reason", "x"))
                .put("/api/v1/admin/products/{p}/final-price", w.product)
                .then()
                .statusCode(422)
                .body("code", equalTo("PRODUCT_DOES_NOT_EXPIRE"));
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM audit_log WHERE action = 'SET_FINAL_PRICE' AND object_code = ?""", future)).isEqualTo(1);
        sleepUntil(expiresAt.plusMillis(300));

        operator()
                .body(Map.of("prices", Map.of(future, "1")))
                .post("/api/v1/admin/settlement-cycles")
                .then()
                .statusCode(422)
                .body("code", equalTo("PRODUCT_EXPIRED"));
        operator().body(Map.of()).post("/api/v1/admin/settlement-cycles").then().statusCode(201);
        assertThat(Trading.position(w.accountA, future)).isEqualByComparingTo("0");
        assertThat(TestDatabase.decimal("""
                SELECT sum(l.variation_margin) FROM settlement_statement_line l JOIN account a ON a.id = l.account_id
                  JOIN product p ON p.id = l.product_id WHERE a.code = ? AND p.symbol = ?""", w.accountA, future)).isEqualByComparingTo("1500"); // 3 x (61,500 - 61,000)
    }

    private AccountMargin marginCore(MarginAccount account) throws java.sql.SQLException {
        try (Connection c = TestDatabase.connect()) {
            return MarginCalculator.DEFAULT.margin(account, engine.current(c).context());
        }
    }

    private static void sleepUntil(Instant when) {
        long millis = java.time.Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
