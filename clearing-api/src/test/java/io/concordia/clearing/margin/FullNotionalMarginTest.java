package io.concordia.clearing.margin;

import static io.concordia.clearing.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
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
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An account holding an underlying the active scenario set has no history for (listed after an uploaded set was
 * activated) is margined at its full notional, called and alerted, never skipped; once a set covering it is active,
 * the model margins it again.
 */
@QuarkusTest
class FullNotionalMarginTest {

    private static final String SCHEDULES = "/api/v1/admin/margin/schedules";
    private static final String SETS = "/api/v1/admin/margin/scenario-sets";

    @Test
    void shouldMarginAnAccountTheRiskCannotPriceAtItsFullNotionalAndCallIt() {
        Margins.usd();
        Trading world = new Trading();
        String underlying = Api.unique("FN").toUpperCase().replaceAll("[^A-Z0-9]", "");
        approveScheduleWithTier(underlying);
        String previousSet = (String) TestDatabase.single("SELECT id FROM scenario_set WHERE active");
        try {
            String withoutIt = upload(Margins.listedUnderlyings());
            as(Tokens.operator())
                    .post(SETS + "/{id}/activate", withoutIt)
                    .then()
                    .statusCode(200);

            // listed after the set was activated: the schedule gives it a tier, the set no history
            String product = underlying + "-PERP";
            as(Tokens.operator())
                    .body(Map.of("symbol", product, "underlying", underlying, "kind", "PERPETUAL"))
                    .post("/api/v1/admin/products")
                    .then()
                    .log()
                    .ifValidationFails()
                    .statusCode(201);
            as(Tokens.operator())
                    .body(Map.of("symbol", underlying, "product", product, "contractSize", "1"))
                    .post("/api/v1/admin/venues/{v}/instruments", world.venueA)
                    .then()
                    .statusCode(201);
            Margins.mark(product, "100");
            Api.deposit(world.accountA, "USD", "1000");
            Api.deposit(world.accountB, "USD", "1000000");
            String tradeId = Trading.nextTradeId();
            TestKafka.send(
                    "trades." + world.venueA,
                    tradeId,
                    Trading.trade(
                            world.venueA,
                            tradeId,
                            underlying,
                            "100",
                            "20",
                            world.accountA,
                            world.accountB,
                            Instant.now().toString()));
            Eventually.until("trade " + tradeId, () -> Trading.inboxCount(world.venueA, tradeId) == 1);
            Margins.awaitQuiet();

            // 20 x 100 = 2,000 of notional against 1,000 of equity: liquidation, called for the difference
            Map<String, Object> buyer = Margins.awaitStatus(world.accountA, "LIQUIDATION");
            assertThat((BigDecimal) buyer.get("im")).isEqualByComparingTo("2000.00");
            assertThat((BigDecimal) buyer.get("mm")).isEqualByComparingTo("2000.00");
            assertThat((BigDecimal) buyer.get("callAmount")).isEqualByComparingTo("1000.00");
            assertThat(Margins.openCalls(world.accountA)).isEqualTo(1);
            Map<String, Object> seller = Margins.awaitStatus(world.accountB, "HEALTHY");
            assertThat((BigDecimal) seller.get("im")).isEqualByComparingTo("2000.00");
            assertThat(TestDatabase.single(
                            "SELECT binding FROM account_margin m JOIN account a ON a.id = m.account_id "
                                    + "WHERE a.code = ?",
                            world.accountA))
                    .isEqualTo("FULL_NOTIONAL");
            String alert = (String) TestDatabase.single(
                    "SELECT payload::text FROM outbox WHERE type = "
                            + "'UNDERLYING_MARGINED_AT_FULL_NOTIONAL' AND event_key = ? ORDER BY id LIMIT 1",
                    underlying);
            // told once per underlying and risk, naming the accounts of the batch that met it first (the two sides of
            // the trade may be margined by different queue threads); every such account shows FULL_NOTIONAL itself
            assertThat(alert).contains(withoutIt).containsAnyOf(world.accountA, world.accountB);
            assertThat(TestDatabase.single(
                            "SELECT binding FROM account_margin m JOIN account a ON a.id = m.account_id "
                                    + "WHERE a.code = ?",
                            world.accountB))
                    .isEqualTo("FULL_NOTIONAL");

            // the member sees the same figures and why, and every number the service computes agrees
            String member = Tokens.member(world.memberA);
            as(member)
                    .get("/api/v1/accounts/{a}/margin", world.accountA)
                    .then()
                    .statusCode(200)
                    .body("binding", equalTo("FULL_NOTIONAL"))
                    .body("figures.im", equalTo("2000.00"));
            JsonPath whatIf = Margins.whatIf(world.memberA, world.accountA, product, "-10", "100");
            assertThat(Margins.decimal(whatIf, "after.im")).isEqualByComparingTo("1000.00");
            as(member)
                    .get("/api/v1/accounts/{a}/margin/liquidation-prices", world.accountA)
                    .then()
                    .statusCode(409)
                    .body("code", equalTo("NO_SCENARIOS_FOR_UNDERLYING"))
                    .body("detail", containsString("full notional"));

            // a set with its history: the model margins the account again
            List<String> all = Margins.listedUnderlyings();
            String covering = upload(all);
            as(Tokens.operator()).post(SETS + "/{id}/activate", covering).then().statusCode(200);
            Margins.awaitQuiet();
            Eventually.until(
                    "the model margining the account",
                    () -> !"FULL_NOTIONAL"
                            .equals(TestDatabase.single(
                                    "SELECT binding FROM account_margin m JOIN account a ON a.id = m.account_id WHERE a.code = ?",
                                    world.accountA)));
            assertThat((BigDecimal) Margins.stored(world.accountA).get("im")).isLessThan(new BigDecimal("2000.00"));
        } finally {
            // the synthetic set the other tests were written against; it extends itself to every listed underlying
            TestDatabase.execute("UPDATE scenario_set SET active = false WHERE active");
            TestDatabase.execute("UPDATE scenario_set SET active = true WHERE id = '" + previousSet + "'");
        }
    }

    private static String upload(List<String> underlyings) {
        String id = Api.unique("fn-").toLowerCase();
        as(Tokens.operator())
                .contentType("text/csv")
                .body(SyntheticHistory.csv(underlyings, LocalDate.of(2026, 11, 1), 300, 7))
                .post(SETS + "?id={id}&horizon=1", id)
                .then()
                .statusCode(201);
        return id;
    }

    /** The active schedule with a tier for {@code underlying}, drafted by one person and approved by another. */
    private static void approveScheduleWithTier(String underlying) {
        JsonPath active = as(Tokens.operator())
                .get("/api/v1/margin/schedule")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> schedule = active.getMap("schedule");
        @SuppressWarnings("unchecked")
        Map<String, Object> tiers = new HashMap<>((Map<String, Object>) schedule.get("underlyings"));
        tiers.put(underlying, tiers.get("BTC"));
        schedule.put("underlyings", tiers);
        String version = Api.unique("fn-");
        as(Tokens.operator("op-carol"))
                .body(Map.of("version", version, "schedule", schedule))
                .post(SCHEDULES)
                .then()
                .statusCode(201);
        as(Tokens.riskOfficer("ro-erin"))
                .body(Map.of())
                .post(SCHEDULES + "/{v}/approve", version)
                .then()
                .statusCode(200);
    }
}
