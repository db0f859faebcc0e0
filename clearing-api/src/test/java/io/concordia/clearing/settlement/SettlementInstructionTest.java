package io.concordia.clearing.settlement;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An instruction's life: PENDING until an operator or the custodian's feed says SETTLED (the shares move between the
 * settlement balances and collateral) or FAILED (a PAY opens a margin call and flags the member for default
 * management). Every change is published and audited.
 */
@QuarkusTest
class SettlementInstructionTest {

    @Test
    void shouldMoveTheSharesIntoCollateralWhenSettledAndRefuseAPayerWithoutTheCollateral() {
        Pair p = new Pair("100", "10000"); // a long 10 at 100
        String code = SettlementWorld.runCycle(Map.of("prices", Map.of(p.world.product, "104")))
                .getString("code");
        long pay = instructionId(p.mb, code); // 10 x -4 - 0.1 fee = -40.10
        long receive = instructionId(p.ma, code); // 40 - 0.1 = 39.90

        operator()
                .body(Map.of("reference", "BANK-1"))
                .post("/api/v1/admin/settlement-instructions/{id}/settle", pay)
                .then()
                .statusCode(409)
                .body("code", equalTo("INSUFFICIENT_COLLATERAL"))
                .body("detail", containsString(p.b));
        assertThat(SettlementWorld.settlementBalance(p.b)).isEqualByComparingTo("-40.10");

        Api.deposit(p.b, "USD", "100");
        operator()
                .body(Map.of("reference", "BANK-1"))
                .post("/api/v1/admin/settlement-instructions/{id}/settle", pay)
                .then()
                .statusCode(200)
                .body("status", equalTo("SETTLED"))
                .body("externalReference", equalTo("BANK-1"))
                .body("decidedBy", equalTo("op-alice"));
        assertThat(SettlementWorld.collateral(p.b)).isEqualByComparingTo("59.90");
        assertThat(SettlementWorld.settlementBalance(p.b)).isEqualByComparingTo("0");
        operator()
                .body(Map.of())
                .post("/api/v1/admin/settlement-instructions/{id}/settle", pay)
                .then()
                .statusCode(409)
                .body("code", equalTo("INSTRUCTION_DECIDED"));
        operator()
                .body(Map.of("reason", "too late"))
                .post("/api/v1/admin/settlement-instructions/{id}/fail", pay)
                .then()
                .statusCode(409)
                .body("code", equalTo("INSTRUCTION_DECIDED"));

        operator()
                .body(Map.of())
                .post("/api/v1/admin/settlement-instructions/{id}/settle", receive)
                .then()
                .statusCode(200);
        assertThat(SettlementWorld.collateral(p.a)).isEqualByComparingTo("39.90");
        as(Tokens.member(p.ma))
                .get("/api/v1/accounts/{a}/ledger", p.a)
                .then()
                .statusCode(200)
                .body("items[0].kind", equalTo("SETTLEMENT_PAYMENT"))
                .body("items[0].amount", equalTo("39.90"));

        assertThat(TestDatabase.count("""
                SELECT count(*) FROM outbox WHERE topic = 'settlement-instructions' AND type = 'INSTRUCTION_SETTLED'
                   AND (payload -> 'data' ->> 'id')::bigint IN (?, ?)""", pay, receive)).isEqualTo(2);
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM audit_log WHERE action = 'SETTLE_SETTLEMENT_INSTRUCTION' AND object_code IN (?, ?)""", Long.toString(pay), Long.toString(receive)))
                .isEqualTo(2);
        SettlementWorld.assertLedgerBalances();
    }

    @Test
    void shouldOpenAMarginCallAndFlagTheMemberWhenAPaymentFails() {
        Pair p = new Pair("100", "10000");
        String code = SettlementWorld.runCycle(Map.of("prices", Map.of(p.world.product, "98")))
                .getString("code");
        long pay = instructionId(p.ma, code); // the long pays 10 x 2 + 0.1 = 20.10

        // the account may already be in a margin call of its own: the failure then adds to that one open call
        java.math.BigDecimal before = TestDatabase.decimal("""
                SELECT mc.amount FROM margin_call mc JOIN account a ON a.id = mc.account_id
                 WHERE a.code = ? AND mc.status IN ('ISSUED', 'OVERDUE', 'ESCALATED')""", p.a);
        operator()
                .body(Map.of("reason", "no funds at the settlement bank"))
                .post("/api/v1/admin/settlement-instructions/{id}/fail", pay)
                .then()
                .statusCode(200)
                .body("status", equalTo("FAILED"))
                .body("reason", equalTo("no funds at the settlement bank"));
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM margin_call mc JOIN account a ON a.id = mc.account_id
                 WHERE a.code = ? AND mc.status IN ('ISSUED', 'OVERDUE', 'ESCALATED')""", p.a)).isEqualTo(1);
        assertThat(TestDatabase.decimal("""
                SELECT mc.amount FROM margin_call mc JOIN account a ON a.id = mc.account_id
                 WHERE a.code = ? AND mc.status IN ('ISSUED', 'OVERDUE', 'ESCALATED')""", p.a)).isEqualByComparingTo(before.add(new java.math.BigDecimal("20.10")));
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM outbox WHERE topic = 'margin-calls' AND event_key = ?
                   AND type IN ('MARGIN_CALL_ISSUED', 'MARGIN_CALL_INCREASED') AND payload -> 'data' ->> 'reference' LIKE ?""", p.a, "%settlement-instruction:" + pay + "%"))
                .isEqualTo(1);
        operator()
                .get("/api/v1/admin/default-flags")
                .then()
                .statusCode(200)
                .body("find { it.member == '%s' }.reason".formatted(p.ma), equalTo("SETTLEMENT_FAILURE"))
                .body("find { it.member == '%s' }.reference".formatted(p.ma), equalTo("settlement-instruction:" + pay));
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'FAIL_SETTLEMENT_INSTRUCTION' AND object_code = ?",
                        Long.toString(pay)))
                .isEqualTo(1);
        // the debt stays on the settlement balance; nothing moved
        assertThat(SettlementWorld.settlementBalance(p.a)).isEqualByComparingTo("-20.10");
        // a late payment still settles it
        Api.deposit(p.a, "USD", "25");
        operator()
                .body(Map.of("reference", "late wire"))
                .post("/api/v1/admin/settlement-instructions/{id}/settle", pay)
                .then()
                .statusCode(200)
                .body("status", equalTo("SETTLED"));
        assertThat(SettlementWorld.collateral(p.a)).isEqualByComparingTo("4.90");

        // the receiving side's failure opens no call
        long receive = instructionId(p.mb, code);
        operator()
                .body(Map.of("reason", "beneficiary wallet rejected"))
                .post("/api/v1/admin/settlement-instructions/{id}/fail", receive)
                .then()
                .statusCode(200);
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM outbox WHERE topic = 'margin-calls' AND event_key = ? AND payload -> 'data' ->> 'reference' LIKE ?""", p.b, "%settlement-instruction:" + receive + "%"))
                .isZero();
        SettlementWorld.assertLedgerBalances();
    }

    @Test
    void shouldApplyTheCustodiansConfirmationsFromKafkaExactlyOnce() {
        Pair p = new Pair("100", "10000");
        String code = SettlementWorld.runCycle(Map.of("prices", Map.of(p.world.product, "103")))
                .getString("code");
        long receive = instructionId(p.ma, code); // 30 - 0.1 = 29.90
        long pay = instructionId(p.mb, code); // 30.10
        Api.deposit(p.b, "USD", "30.10");
        String topic = "settlement-confirmations";
        TestKafka.send(
                topic,
                Long.toString(pay),
                "{\"instructionId\": " + pay + ", \"status\": \"SETTLED\", \"reference\": \"CUST-9\"}");
        TestKafka.send(
                topic,
                Long.toString(pay),
                "{\"instructionId\": " + pay + ", \"status\": \"SETTLED\", \"reference\": \"CUST-9\"}");
        TestKafka.send(topic, Long.toString(receive), "{\"instructionId\": " + receive + ", \"status\": \"FAILED\"}");
        TestKafka.send(topic, Long.toString(receive), "not json");
        TestKafka.send(
                topic,
                Long.toString(receive),
                "{\"instructionId\": " + receive + ", \"status\": \"FAILED\", \"reason\": \"wallet frozen\"}");
        Eventually.until(
                "the five confirmations recorded",
                () -> TestDatabase.count("""
                SELECT count(*) FROM settlement_confirmation WHERE record_key IN (?, ?)""", Long.toString(pay), Long.toString(receive)) == 5);

        assertThat(TestDatabase.single(
                        "SELECT status || ' ' || decided_by || ' ' || external_reference FROM settlement_instruction WHERE id = ?",
                        pay))
                .isEqualTo("SETTLED custodian:settlement-confirmations CUST-9");
        assertThat(TestDatabase.single(
                        "SELECT status || ' ' || reason FROM settlement_instruction WHERE id = ?", receive))
                .isEqualTo("FAILED wallet frozen");
        assertThat(SettlementWorld.collateral(p.b)).isEqualByComparingTo("0");
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM settlement_confirmation WHERE record_key = ? AND outcome = 'APPLIED'",
                        Long.toString(pay)))
                .isEqualTo(1);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM settlement_confirmation WHERE record_key = ? AND outcome = 'DUPLICATE'",
                        Long.toString(pay)))
                .isEqualTo(1);
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM settlement_confirmation WHERE record_key = ? AND outcome = 'REJECTED'
                   AND (detail LIKE 'MISSING_FIELD%' OR detail LIKE 'MALFORMED_JSON%')""", Long.toString(receive))).isEqualTo(2);
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM journal_entry WHERE kind = 'SETTLEMENT_PAYMENT' AND reference = ?""", code + "/" + p.mb + "/USD"))
                .as("the duplicate moved nothing")
                .isEqualTo(1);
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM audit_log WHERE action = 'SETTLE_SETTLEMENT_INSTRUCTION' AND object_code = ?
                   AND actor = 'custodian:settlement-confirmations'""", Long.toString(pay))).isEqualTo(1);
        SettlementWorld.assertLedgerBalances();
    }

    private static long instructionId(String member, String cycle) {
        return ((Number) SettlementWorld.instructionsOf(member, cycle).get(0).get("id")).longValue();
    }

    /** Two members with an account each, one trade between them on venue A. */
    private static final class Pair {
        final SettlementWorld world = new SettlementWorld();
        final String ma = Api.createMember();
        final String mb = Api.createMember();
        final String a = Api.openAccount(ma);
        final String b = Api.openAccount(mb);

        Pair(String price, String contracts) {
            world.trade(world.venueA, price, contracts, a, b);
        }
    }
}
