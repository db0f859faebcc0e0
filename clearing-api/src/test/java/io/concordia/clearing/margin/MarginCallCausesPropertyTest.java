package io.concordia.clearing.margin;

import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Margin calls follow their causes, over seeded random sequences of trades, marks, settlement cycles, payments
 * (settled on time, failed, settled late by an operator or by the custodian's feed), deposits and waits past the
 * call deadline (4 s in tests), driven through the REST API and the broker against the real database:
 * <ul>
 * <li>no call is ESCALATED while its account is healthy and its failed payments are paid;</li>
 * <li>every call that went OVERDUE or ESCALATED named a cause that was still open when it did: a deficit while the
 * account's last margin status before the event was not HEALTHY, a failed payment whose instruction had not been
 * settled before it (ordered by the outbox, where both decisions write their events in their transactions).</li>
 * </ul>
 */
@QuarkusTest
class MarginCallCausesPropertyTest {

    private static final long[] SEEDS = {20261205L, 7L, 1234567L, 424242L};
    private static final int STEPS = 16;
    private static final long PAST_DEADLINE_MILLIS = 4_600;

    @Test
    void shouldNeverEscalateAPaidMemberAndEscalateOnlyOnAnOpenCause() throws Exception {
        Margins.usd();
        // The worlds share nothing but the application, so they run side by side: most of a sequence's time is
        // spent waiting past deadlines, and waits overlap.
        List<Sequence> sequences = new ArrayList<>();
        for (long seed : SEEDS) {
            sequences.add(new Sequence(seed));
        }
        ExecutorService pool = Executors.newFixedThreadPool(sequences.size());
        try {
            List<Future<Object>> runs = new ArrayList<>();
            for (Sequence sequence : sequences) {
                runs.add(pool.submit(() -> {
                    sequence.run();
                    return null;
                }));
            }
            for (Future<Object> run : runs) {
                try {
                    run.get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Error error) {
                        throw error;
                    }
                    throw e;
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<String> accounts = new ArrayList<>();
        for (Sequence sequence : sequences) {
            accounts.addAll(sequence.accounts);
        }
        // the sequences reached the cases the properties are about
        Object ours = accounts.toArray(String[]::new);
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM margin_call_cause x JOIN margin_call mc ON mc.id = x.call_id JOIN account a ON a.id = mc.account_id
                 JOIN settlement_instruction i ON i.id = x.instruction_id WHERE a.code = ANY (?) AND i.status = 'SETTLED'""", ours))
                .as("failed payments settled late")
                .isPositive();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM outbox WHERE topic = 'margin-calls' AND event_key = ANY (?) AND type = 'MARGIN_CALL_ESCALATED'""", ours)).as("escalations").isPositive();
    }

    /** One seeded world: two members with a cross account each, trading one perpetual on one venue. */
    private static final class Sequence {
        final Random random;
        final long seed;
        final Trading w = new Trading();
        final List<String> accounts = List.of(w.accountA, w.accountB);
        final List<String> members = List.of(w.memberA, w.memberB);
        final List<String> log = new ArrayList<>();
        BigDecimal mark = new BigDecimal("64000");

        Sequence(long seed) {
            this.seed = seed;
            this.random = new Random(seed);
        }

        void run() throws Exception {
            Margins.mark(w.product, mark.toPlainString());
            for (String account : accounts) {
                deposit(account, random.nextBoolean() ? "1000000" : "4000");
            }
            trade();
            for (int step = 0; step < STEPS; step++) {
                int dice = random.nextInt(100);
                if (dice < 10) {
                    trade();
                } else if (dice < 22) {
                    mark();
                } else if (dice < 36) {
                    cycle();
                } else if (dice < 44) {
                    payOnTime();
                } else if (dice < 58) {
                    fail();
                } else if (dice < 72) {
                    payLate();
                } else if (dice < 80) {
                    deposit(accounts.get(random.nextInt(2)), random.nextBoolean() ? "50000" : "500");
                } else {
                    log.add("wait past a deadline");
                    Thread.sleep(PAST_DEADLINE_MILLIS);
                }
                Margins.awaitQuiet();
                check();
            }
        }

        void trade() {
            int buyer = random.nextInt(2);
            String contracts = Integer.toString(500 * (1 + random.nextInt(4)));
            String id = Trading.nextTradeId();
            w.publishTrade(w.venueA, id, mark.toPlainString(), contracts, accounts.get(buyer), accounts.get(1 - buyer));
            Eventually.until("trade " + id, () -> Trading.inboxCount(w.venueA, id) == 1);
            log.add("trade " + contracts + " contracts, " + accounts.get(buyer) + " buys");
        }

        void mark() {
            mark = new BigDecimal("64000")
                    .multiply(BigDecimal.valueOf(90 + random.nextInt(21)))
                    .divide(BigDecimal.valueOf(100));
            Margins.mark(w.product, mark.toPlainString());
            log.add("mark " + mark);
        }

        void cycle() {
            String code = operator()
                    .body(Map.of())
                    .post("/api/v1/admin/settlement-cycles")
                    .then()
                    .statusCode(201)
                    .extract()
                    .jsonPath()
                    .getString("code");
            log.add("cycle " + code);
        }

        void deposit(String account, String quantity) {
            Api.deposit(account, "USD", quantity);
            log.add("deposit " + quantity + " to " + account);
        }

        /** A PENDING payment of ours is paid: the member wires it (a deposit) and an operator settles it. */
        void payOnTime() {
            Long id = instruction("PENDING");
            if (id != null) {
                wireShares(id);
                operator()
                        .body(Map.of("reference", "on time"))
                        .post("/api/v1/admin/settlement-instructions/{id}/settle", id)
                        .then()
                        .statusCode(200);
                log.add("instruction " + id + " paid");
            }
        }

        void fail() {
            Long id = instruction("PENDING");
            if (id != null) {
                operator()
                        .body(Map.of("reason", "no funds"))
                        .post("/api/v1/admin/settlement-instructions/{id}/fail", id)
                        .then()
                        .statusCode(200);
                log.add("instruction " + id + " failed");
            }
        }

        /** A FAILED payment arrives late: by an operator, or through the custodian's feed. */
        void payLate() {
            Long id = instruction("FAILED");
            if (id == null) {
                return;
            }
            wireShares(id);
            if (random.nextBoolean()) {
                operator()
                        .body(Map.of("reference", "late"))
                        .post("/api/v1/admin/settlement-instructions/{id}/settle", id)
                        .then()
                        .statusCode(200);
                log.add("instruction " + id + " settled late by an operator");
            } else {
                TestKafka.send(
                        "settlement-confirmations",
                        Long.toString(id),
                        "{\"instructionId\": " + id + ", \"status\": \"SETTLED\", \"reference\": \"late-" + seed
                                + "\"}");
                Eventually.until(
                        "instruction " + id + " settled by the feed",
                        () -> "SETTLED"
                                .equals(TestDatabase.single(
                                        "SELECT status FROM settlement_instruction WHERE id = ?", id)));
                log.add("instruction " + id + " settled late by the custodian");
            }
        }

        /** The paying accounts' shares arrive as deposits. */
        void wireShares(long instruction) {
            for (Object[] share : shares(instruction)) {
                if (((BigDecimal) share[1]).signum() < 0) {
                    Api.deposit(
                            (String) share[0],
                            "USD",
                            ((BigDecimal) share[1])
                                    .negate()
                                    .setScale(2, RoundingMode.UP)
                                    .toPlainString());
                }
            }
        }

        List<Object[]> shares(long instruction) {
            List<Object[]> out = new ArrayList<>();
            for (Object row : TestDatabase.list("""
                    SELECT a.code || ' ' || x.amount FROM settlement_account_amount x JOIN settlement_instruction i
                        ON i.cycle_id = x.cycle_id AND i.member_id = x.member_id AND i.asset_id = x.asset_id
                      JOIN account a ON a.id = x.account_id WHERE i.id = ?""", instruction)) {
                String[] parts = ((String) row).split(" ");
                out.add(new Object[] {parts[0], new BigDecimal(parts[1])});
            }
            return out;
        }

        /** One of our members' PAY instructions in this status, at random, or {@code null}. */
        Long instruction(String status) {
            List<Object> ids = TestDatabase.list("""
                    SELECT i.id FROM settlement_instruction i JOIN member m ON m.id = i.member_id
                     WHERE m.code = ANY (?) AND i.status = ? AND i.direction = 'PAY' ORDER BY i.id""", members.toArray(String[]::new), status);
            return ids.isEmpty() ? null : ((Number) ids.get(random.nextInt(ids.size()))).longValue();
        }

        void check() {
            String where = "seed " + seed + " after " + log;
            // no call is ESCALATED while its account is healthy and its failed payments are paid
            assertThat(TestDatabase.list("""
                    SELECT 'call ' || mc.id || ' of ' || a.code FROM margin_call mc JOIN account a ON a.id = mc.account_id
                      JOIN account_margin am ON am.account_id = a.id
                     WHERE a.code = ANY (?) AND mc.status = 'ESCALATED' AND am.status = 'HEALTHY'
                       AND NOT EXISTS (SELECT 1 FROM settlement_instruction i JOIN settlement_account_amount x
                                           ON x.cycle_id = i.cycle_id AND x.member_id = i.member_id AND x.asset_id = i.asset_id
                                        WHERE x.account_id = a.id AND x.amount < 0 AND i.status = 'FAILED')""", (Object) accounts.toArray(String[]::new)))
                    .as("escalated calls of healthy, paid accounts; " + where)
                    .isEmpty();
            // every step past a deadline names a cause that was open at that moment
            for (Object row : TestDatabase.list("""
                    SELECT o.id || ' ' || o.type || ' ' || o.event_key || ' ' || (o.payload -> 'data')::text FROM outbox o
                     WHERE o.topic = 'margin-calls' AND o.event_key = ANY (?) AND o.type IN ('MARGIN_CALL_OVERDUE', 'MARGIN_CALL_ESCALATED')
                     ORDER BY o.id""", (Object) accounts.toArray(String[]::new))) {
                String[] parts = ((String) row).split(" ", 4);
                long eventId = Long.parseLong(parts[0]);
                List<String> open = openCausesNamed(JsonPath.from(parts[3]));
                assertThat(open)
                        .as(parts[1] + " of " + parts[2] + " (outbox " + eventId + ") names an open cause; " + where)
                        .isNotEmpty();
                for (String cause : open) {
                    assertThat(wasOpen(cause, parts[2], eventId))
                            .as(parts[1] + " of " + parts[2] + " (outbox " + eventId + "): cause " + cause
                                    + " was open then; " + parts[3] + "; " + where)
                            .isTrue();
                }
            }
        }

        /**
         * The causes the call named open when the event was written: its open {@code causes}, or for a call without
         * recorded causes its reason and the instructions its reference names.
         */
        static List<String> openCausesNamed(JsonPath call) {
            List<String> named = new ArrayList<>();
            List<Map<String, Object>> causes = call.getList("causes");
            if (causes != null && !causes.isEmpty()) {
                for (Map<String, Object> c : causes) {
                    if (c.get("metAt") == null) {
                        named.add(
                                c.get("cause").equals("MARGIN_DEFICIT")
                                        ? "MARGIN_DEFICIT"
                                        : "instruction:" + c.get("instruction"));
                    }
                }
                return named;
            }
            if ("MARGIN_DEFICIT".equals(call.getString("reason"))) {
                named.add("MARGIN_DEFICIT");
            }
            String reference = call.getString("reference");
            if (reference != null) {
                for (String r : reference.split(" ")) {
                    if (r.startsWith("settlement-instruction:")) {
                        named.add("instruction:" + r.substring("settlement-instruction:".length()));
                    }
                }
            }
            return named;
        }

        /** Whether the cause was open when outbox event {@code eventId} was written. */
        static boolean wasOpen(String cause, String account, long eventId) {
            if (cause.equals("MARGIN_DEFICIT")) {
                Object status = TestDatabase.single("""
                        SELECT payload -> 'data' ->> 'status' FROM outbox WHERE topic = 'margin-events' AND event_key = ?
                           AND type = 'MARGIN_STATUS_CHANGED' AND id < ? ORDER BY id DESC LIMIT 1""", account, eventId);
                return status != null && !status.equals("HEALTHY");
            }
            long instruction = Long.parseLong(cause.substring("instruction:".length()));
            return TestDatabase.count("""
                    SELECT count(*) FROM outbox WHERE topic = 'settlement-instructions' AND type IN ('INSTRUCTION_SETTLED', 'INSTRUCTION_WRITTEN_OFF')
                       AND (payload -> 'data' ->> 'id')::bigint = ? AND id < ?""", instruction, eventId) == 0;
        }
    }
}
