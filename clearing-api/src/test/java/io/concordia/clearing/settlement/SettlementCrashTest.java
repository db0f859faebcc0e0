package io.concordia.clearing.settlement;

import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.JsonNode;
import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A crash in the middle of a cycle leaves no partial cycle: whatever step it hit, the state is consistent, a new cycle
 * is refused until this one is finished, and finishing it yields exactly one ledger entry, one instruction and one
 * published event per member and currency.
 */
@QuarkusTest
class SettlementCrashTest {

    @AfterEach
    void finishAnyUnfinishedCycle() {
        CycleFaults.disarm();
        Object open = TestDatabase.single("SELECT id FROM settlement_cycle WHERE status <> 'PUBLISHED'");
        if (open != null) {
            operator()
                    .post("/api/v1/admin/settlement-cycles/{id}/resume", open)
                    .then()
                    .statusCode(200);
        }
    }

    @Test
    void shouldRollBackACrashInsideThePostingStepAndPostExactlyOnceOnResume() {
        Book book = new Book();
        CycleFaults.arm(CycleStep.Point.LEDGER_POSTED);
        operator()
                .body(Map.of())
                .post("/api/v1/admin/settlement-cycles")
                .then()
                .statusCode(500)
                .body("code", equalTo("INTERNAL_ERROR"));

        String code = (String) TestDatabase.single("SELECT code FROM settlement_cycle WHERE status <> 'PUBLISHED'");
        assertThat(code).as("the cycle stopped after its cut-off").isNotNull();
        assertThat(TestDatabase.single("SELECT status FROM settlement_cycle WHERE code = ?", code))
                .isEqualTo("FROZEN");
        assertThat(TestDatabase.count("SELECT count(*) FROM journal_entry WHERE reference LIKE ?", code + "/%"))
                .as("the ledger writes of the failed step were rolled back")
                .isZero();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM settlement_instruction i JOIN settlement_cycle s ON s.id = i.cycle_id WHERE s.code = ?""", code)).isZero();
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM settlement_statement_line l JOIN settlement_cycle s ON s.id = l.cycle_id WHERE s.code = ?",
                        code))
                .isZero();
        // the trades stay with the frozen cycle; another cycle is refused until this one is finished
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM trade_inbox t JOIN settlement_cycle s ON s.id = t.settlement_cycle_id WHERE s.code = ? AND t.venue_trade_id = ANY(?)""", code, book.world.tradeIds.toArray(String[]::new)))
                .isEqualTo(2);
        operator()
                .body(Map.of())
                .post("/api/v1/admin/settlement-cycles")
                .then()
                .statusCode(409)
                .body("code", equalTo("CYCLE_UNFINISHED"));

        operator()
                .post("/api/v1/admin/settlement-cycles/{c}/resume", code)
                .then()
                .statusCode(200)
                .body("status", equalTo("PUBLISHED"));
        operator()
                .post("/api/v1/admin/settlement-cycles/{c}/resume", code)
                .then()
                .statusCode(200)
                .body("status", equalTo("PUBLISHED"));
        book.assertSettledExactlyOnce(code);
    }

    @Test
    void shouldPublishExactlyOnceAfterACrashBetweenPostingAndPublication() {
        Book book = new Book();
        CycleFaults.arm(CycleStep.Point.POSTED);
        operator().body(Map.of()).post("/api/v1/admin/settlement-cycles").then().statusCode(500);

        String code = (String) TestDatabase.single("SELECT code FROM settlement_cycle WHERE status <> 'PUBLISHED'");
        assertThat(TestDatabase.single("SELECT status FROM settlement_cycle WHERE code = ?", code))
                .isEqualTo("POSTED");
        // posted, consistent and balanced, but nothing published and nothing shown to members yet
        SettlementWorld.assertLedgerBalances();
        SettlementWorld.assertInstructionsNetToZeroAgainstTheCcp(code);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM journal_entry WHERE kind = 'SETTLEMENT_CYCLE' AND reference IN (?, ?)",
                        code + "/" + book.m1 + "/USD",
                        code + "/" + book.m2 + "/USD"))
                .isEqualTo(2);
        assertThat(outboxEvents(code)).isZero();
        assertThat(SettlementWorld.instructionsOf(book.m1, code)).isEmpty();
        long pending = TestDatabase.count("""
                SELECT i.id FROM settlement_instruction i JOIN settlement_cycle s ON s.id = i.cycle_id JOIN member m ON m.id = i.member_id
                 WHERE s.code = ? AND m.code = ?""", code, book.m1);
        operator()
                .body(Map.of())
                .post("/api/v1/admin/settlement-instructions/{id}/settle", pending)
                .then()
                .statusCode(409)
                .body("code", equalTo("CYCLE_NOT_PUBLISHED"));
        operator()
                .body(Map.of())
                .post("/api/v1/admin/settlement-cycles")
                .then()
                .statusCode(409)
                .body("code", equalTo("CYCLE_UNFINISHED"));

        operator()
                .post("/api/v1/admin/settlement-cycles/{c}/resume", code)
                .then()
                .statusCode(200)
                .body("status", equalTo("PUBLISHED"));
        operator()
                .post("/api/v1/admin/settlement-cycles/{c}/resume", code)
                .then()
                .statusCode(200)
                .body("status", equalTo("PUBLISHED"));
        book.assertSettledExactlyOnce(code);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'RESUME_SETTLEMENT_CYCLE' AND object_code = ?",
                        code))
                .isEqualTo(2);

        // exactly one event per member and currency reached the broker
        List<JsonNode> events = InstructionTopic.events(
                e -> "INSTRUCTION_ISSUED".equals(e.path("type").asText())
                        && code.equals(e.path("data").path("cycle").asText())
                        && List.of(book.m1, book.m2)
                                .contains(e.path("data").path("member").asText()),
                2,
                Duration.ofSeconds(2));
        assertThat(events)
                .extracting(e -> e.path("data").path("member").asText())
                .containsExactlyInAnyOrder(book.m1, book.m2);
        assertThat(events)
                .extracting(e -> e.path("data").path("direction").asText())
                .containsExactlyInAnyOrder("RECEIVE", "PAY");
    }

    private static long outboxEvents(String code) {
        return TestDatabase.count(
                "SELECT count(*) FROM outbox WHERE topic = 'settlement-instructions' AND payload -> 'data' ->> 'cycle' = ?",
                code);
    }

    /** Two members trading on two venues, marked, ready for a cycle. */
    private static final class Book {
        final SettlementWorld world = new SettlementWorld();
        final String m1 = Api.createMember();
        final String m2 = Api.createMember();
        final String a1 = Api.openAccount(m1);
        final String b1 = Api.openAccount(m2);

        Book() {
            world.publish(world.venueA, "50000", "1000", a1, b1);
            world.publish(world.venueB, "50100", "50", a1, b1);
            world.awaitTrades();
            world.mark("50500");
        }

        void assertSettledExactlyOnce(String code) {
            for (String m : List.of(m1, m2)) {
                assertThat(TestDatabase.count(
                                "SELECT count(*) FROM journal_entry WHERE kind = 'SETTLEMENT_CYCLE' AND reference = ?",
                                code + "/" + m + "/USD"))
                        .as("ledger entries of " + m)
                        .isEqualTo(1);
                assertThat(SettlementWorld.instructionsOf(m, code))
                        .as("instructions of " + m)
                        .hasSize(1);
                assertThat(TestDatabase.count("""
                        SELECT count(*) FROM outbox WHERE topic = 'settlement-instructions' AND type = 'INSTRUCTION_ISSUED'
                           AND payload -> 'data' ->> 'cycle' = ? AND payload -> 'data' ->> 'member' = ?""", code, m))
                        .as("outbox events of " + m)
                        .isEqualTo(1);
            }
            // a1 long 1.5: 1 x 500 + 0.5 x 400 = 700 less fees 1 bp of 75050 = 7.505 -> 692.495 -> RECEIVE 692.49
            assertThat(SettlementWorld.instructionsOf(m1, code).get(0))
                    .containsEntry("direction", "RECEIVE")
                    .containsEntry("amount", "692.49");
            assertThat(SettlementWorld.instructionsOf(m2, code).get(0))
                    .containsEntry("direction", "PAY")
                    .containsEntry("amount", "707.51");
            assertThat(TestDatabase.count(
                            "SELECT count(*) FROM settlement_statement_line l JOIN settlement_cycle s ON s.id = l.cycle_id "
                                    + "JOIN account a ON a.id = l.account_id WHERE s.code = ? AND a.code IN (?, ?)",
                            code,
                            a1,
                            b1))
                    .isEqualTo(2);
            SettlementWorld.assertLedgerBalances();
            SettlementWorld.assertInstructionsNetToZeroAgainstTheCcp(code);
        }
    }
}
