package io.concordia.clearing.margin;

import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What meets each kind of call (the deadline is 4 s in tests): a call raised by a failed payment is met when the
 * payment is settled late, and never goes overdue or escalates afterwards; a payment that fails on an account margin
 * already called adds its cause to that one call, which is met only when equity is back at IM and the payment is
 * settled, and goes overdue while either is open.
 */
@QuarkusTest
class MarginCallCausesTest {

    private static final long TWO_DEADLINES_AND_A_TICK_MILLIS = 9_500;

    @Inject
    MarginCallService calls;

    @Test
    void shouldMeetAFailedPaymentsCallWhenThePaymentArrivesLateAndNeverEscalateIt() throws Exception {
        World w = new World("1000000", "1000000");
        long instruction = w.cycleAndPay(w.trading.memberA);
        assertThat(TestDatabase.decimal("SELECT amount FROM settlement_instruction WHERE id = ?", instruction))
                .isEqualByComparingTo("1006.40");

        operator()
                .body(Map.of("reason", "no funds"))
                .post("/api/v1/admin/settlement-instructions/{id}/fail", instruction)
                .then()
                .statusCode(200);
        JsonPath call = openCall(w.trading.accountA);
        assertThat(call.getString("reason")).isEqualTo("SETTLEMENT_FAILURE");
        assertThat(call.getString("status")).isEqualTo("ISSUED");
        assertThat(call.getString("amount")).isEqualTo("1006.40");
        assertThat(call.getList("causes")).hasSize(1);
        assertThat(call.getLong("causes[0].instruction")).isEqualTo(instruction);
        long id = call.getLong("id");

        operator()
                .body(Map.of("reference", "late"))
                .post("/api/v1/admin/settlement-instructions/{id}/settle", instruction)
                .then()
                .statusCode(200);
        operator()
                .get("/api/v1/admin/margin/calls/{id}", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("MET"))
                .body("closedBy", equalTo("op-alice"))
                .body("closeReason", containsString("settlement-instruction:" + instruction + " settled"))
                .body("causes[0].metAt", notNullValue())
                .body("causes[0].metBy", equalTo("op-alice"));
        long flag = ((Number) TestDatabase.single("""
                SELECT f.id FROM default_flag f JOIN member m ON m.id = f.member_id WHERE m.code = ? AND f.cleared_at IS NULL""", w.trading.memberA)).longValue();
        operator()
                .body(Map.of("reason", "payment arrived late"))
                .post("/api/v1/admin/default-flags/{id}/clear", flag)
                .then()
                .statusCode(200);

        Thread.sleep(TWO_DEADLINES_AND_A_TICK_MILLIS);
        operator()
                .queryParam("size", 100)
                .get("/api/v1/admin/margin/calls")
                .then()
                .statusCode(200)
                .body("items.findAll { it.account == '%s' }".formatted(w.trading.accountA), hasSize(1))
                .body("items.find { it.account == '%s' }.status".formatted(w.trading.accountA), equalTo("MET"));
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM outbox WHERE topic = 'margin-calls' AND event_key = ? AND type IN ('MARGIN_CALL_OVERDUE', 'MARGIN_CALL_ESCALATED')""", w.trading.accountA)).isZero();
        assertThat(Margins.stored(w.trading.accountA).get("status")).isEqualTo("HEALTHY");
    }

    @Test
    void shouldAddAFailedPaymentToTheCallMarginRaisedAndMeetItOnlyWhenBothCausesAreGone() throws Exception {
        World w = new World("1000", "1000000");
        assertThat(Margins.stored(w.trading.accountA).get("status")).isNotEqualTo("HEALTHY");
        JsonPath deficit = openCall(w.trading.accountA);
        extend(deficit.getLong("id"), 60); // time for the steps below, whatever the machine's speed
        long instruction = w.cycleAndPay(w.trading.memberA);
        assertThat(deficit.getString("reason")).isEqualTo("MARGIN_DEFICIT");
        String deficitAmount = deficit.getString("causes[0].amount");
        // a re-margin that finds the same status leaves such a call alone without looking further
        assertThat(openCall(w.trading.accountA, calls).onlyDeficitOpen()).isTrue();

        operator()
                .body(Map.of("reason", "no funds"))
                .post("/api/v1/admin/settlement-instructions/{id}/fail", instruction)
                .then()
                .statusCode(200);
        JsonPath both = openCall(w.trading.accountA);
        assertThat(both.getLong("id")).as("the one open call of the account").isEqualTo(deficit.getLong("id"));
        assertThat(both.getList("causes.cause")).containsExactly("MARGIN_DEFICIT", "SETTLEMENT_FAILURE");
        assertThat(openCall(w.trading.accountA, calls).onlyDeficitOpen()).isFalse();
        assertThat(new java.math.BigDecimal(both.getString("amount")))
                .isEqualByComparingTo(new java.math.BigDecimal(deficitAmount).add(new java.math.BigDecimal("1006.40")));
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM outbox WHERE topic = 'margin-calls' AND event_key = ? AND type = 'MARGIN_CALL_INCREASED'""", w.trading.accountA)).isEqualTo(1);

        // equity back above IM: the deficit is met, the failed payment still asks for its amount
        Api.deposit(w.trading.accountA, "USD", "100000");
        Margins.awaitStatus(w.trading.accountA, "HEALTHY");
        Margins.awaitQuiet();
        JsonPath unpaid = openCall(w.trading.accountA);
        assertThat(unpaid.getString("status")).isEqualTo("ISSUED");
        assertThat(unpaid.getString("amount")).isEqualTo("1006.40");
        assertThat(unpaid.getString("causes.find { it.cause == 'MARGIN_DEFICIT' }.metBy"))
                .isEqualTo("concordia");
        assertThat(unpaid.getString("causes.find { it.cause == 'SETTLEMENT_FAILURE' }.metAt"))
                .isNull();
        assertThat(openCall(w.trading.accountA, calls).onlyDeficitOpen()).isFalse();

        // the payment is still open: past the deadline the call is overdue
        extend(unpaid.getLong("id"), 1);
        Eventually.until(
                "the call overdue",
                () -> "OVERDUE"
                        .equals(TestDatabase.single(
                                "SELECT status FROM margin_call WHERE id = ?", unpaid.getLong("id"))));
        operator()
                .body(Map.of("reference", "late"))
                .post("/api/v1/admin/settlement-instructions/{id}/settle", instruction)
                .then()
                .statusCode(200);
        operator()
                .get("/api/v1/admin/margin/calls/{id}", unpaid.getLong("id"))
                .then()
                .statusCode(200)
                .body("status", equalTo("MET"))
                .body("closedAt", notNullValue());
        assertThat(Margins.openCalls(w.trading.accountA)).isZero();
        operator()
                .get("/api/v1/admin/margin/calls/{id}", unpaid.getLong("id"))
                .then()
                .body("deadline", notNullValue())
                .body("causes.findAll { it.metAt == null }", hasSize(0))
                .body("causes[2]", nullValue());
    }

    /** The account's one open call as the margin store reads it. */
    private static MarginCallService.OpenCall openCall(String account, MarginCallService calls) throws Exception {
        long id = ((Number) TestDatabase.single("SELECT id FROM account WHERE code = ?", account)).longValue();
        try (Connection c = TestDatabase.connect()) {
            Map<Long, MarginCallService.OpenCall> open = calls.openCalls(c, List.of(id));
            assertThat(open).containsOnlyKeys(id);
            return open.get(id);
        }
    }

    private static void extend(long call, int seconds) {
        operator()
                .body(Map.of(
                        "deadline", java.time.Instant.now().plusSeconds(seconds).toString(), "reason", "test"))
                .post("/api/v1/admin/margin/calls/{id}/extend", call)
                .then()
                .statusCode(200);
    }

    /** The open call of the account as operators read it. */
    private static JsonPath openCall(String account) {
        Object id = TestDatabase.single("""
                SELECT mc.id FROM margin_call mc JOIN account a ON a.id = mc.account_id
                 WHERE a.code = ? AND mc.status IN ('ISSUED', 'OVERDUE', 'ESCALATED')""", account);
        assertThat(id).as("open call of " + account).isNotNull();
        return operator()
                .get("/api/v1/admin/margin/calls/{id}", id)
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    /** Two members with a cross account each; A buys 1 BTC at 64,000 from B; the mark is then 63,000. */
    private static final class World {
        final Trading trading = new Trading();

        World(String collateralA, String collateralB) {
            Margins.usd();
            Api.deposit(trading.accountA, "USD", collateralA);
            Api.deposit(trading.accountB, "USD", collateralB);
            Margins.mark(trading.product, "64000");
            String id = Trading.nextTradeId();
            trading.publishTrade(trading.venueA, id, "64000", "1000", trading.accountA, trading.accountB);
            Eventually.until("trade " + id, () -> Trading.inboxCount(trading.venueA, id) == 1);
            Margins.mark(trading.product, "63000");
            Margins.awaitQuiet();
        }

        /** Runs a cycle at the marks and returns the member's instruction (A pays 1,000 and 6.40 of fees). */
        long cycleAndPay(String member) {
            String cycle = operator()
                    .body(Map.of())
                    .post("/api/v1/admin/settlement-cycles")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getString("code");
            return ((Number) TestDatabase.single("""
                    SELECT i.id FROM settlement_instruction i JOIN member m ON m.id = i.member_id JOIN settlement_cycle s ON s.id = i.cycle_id
                     WHERE m.code = ? AND s.code = ?""", member, cycle)).longValue();
        }
    }
}
