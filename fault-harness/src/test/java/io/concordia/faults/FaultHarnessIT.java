package io.concordia.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The harness's short form: two instances, three brokers and a PostgreSQL under the workload, one fault of each
 * kind, then the checker, which must find no anomaly. Then the checker is shown able to fail: on the run's own
 * database, each invariant is broken in a transaction that is rolled back, and its check must report it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultHarnessIT {

    private static FaultHarness.Result result;
    private static Database database;

    @BeforeAll
    static void runTheShortForm() throws Exception {
        Path workDir = Path.of(System.getProperty("concordia.harness.work-dir", "target/fault-run"));
        HarnessOptions options = HarnessOptions.parse(
                "--duration",
                "60s",
                "--rounds",
                "1",
                "--fault-gap",
                "4s",
                // 50 trades a second: at 100 the brokers alone took about a core, and the instance restarted after
                // the kill got a quarter of one (ready 44-58 s after the heal in most runs, against 28-30 s at 50)
                "--trade-rate",
                "50",
                "--accounts",
                "12",
                // Two instances, not the full run's three: on two cores every extra JVM takes CPU from the instance
                // restarted after the kill, and two already share the partitions, take over each other's and answer
                // the doubled approvals.
                "--instances",
                "2",
                "--seed",
                "20261205",
                "--lean",
                "--work-dir",
                workDir.toString(),
                "--app-jar",
                System.getProperty("concordia.app.jar", "../clearing-api/target/quarkus-app/quarkus-run.jar"));
        result = FaultHarness.run(options);
        System.out.print(Report.of(result));
        database = Database.open(workDir.resolve("postgres"));
    }

    @AfterAll
    static void stopDatabase() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    @Order(1)
    void shouldFindNoAnomalyAfterOneFaultOfEachKind() {
        assertThat(result.faults())
                .extracting(FaultInjector.Injected::kind)
                .containsExactlyInAnyOrder(FaultKind.values());
        assertThat(result.faults())
                .as("every fault recovered")
                .allSatisfy(f -> assertThat(f.recovery()).as(f.toString()).isNotNull());
        assertThat(result.checks())
                .hasSize(15)
                .allSatisfy(c -> assertThat(c.anomalies())
                        .as(c.name() + ": " + c.examples())
                        .isZero());
        assertThat(result.trades()).as("trades applied").isGreaterThan(1_000);
        assertThat(result.deadLetters()).as("bad records sent").isPositive();
        assertThat(result.redeliveries()).as("redeliveries sent").isPositive();
    }

    @Test
    @Order(2)
    void shouldReportADoubledInboxRow() throws Exception {
        assertBreaks(
                List.of("trades exactly once", "every offset one outcome", "positions equal the recount"),
                c -> Checker.all(c, result.sent(), result.delivered()),
                """
                INSERT INTO trade_inbox (venue_id, venue_trade_id, payload_hash, product_id, buyer_account_id, seller_account_id, price, quantity,
                                         executed_at, source_topic, source_partition, source_offset)
                SELECT venue_id, venue_trade_id || '-again', payload_hash, product_id, buyer_account_id, seller_account_id, price, quantity,
                       executed_at, source_topic, source_partition, source_offset FROM trade_inbox ORDER BY id DESC LIMIT 1""");
    }

    @Test
    @Order(3)
    void shouldReportAPositionThatIsNotTheRecountNorNetsToZero() throws Exception {
        assertBreaks(
                List.of("positions equal the recount", "positions net to zero"),
                c -> Checker.all(c, result.sent(), result.delivered()),
                """
                UPDATE position SET quantity = quantity + 1
                 WHERE (account_id, product_id) = (SELECT account_id, product_id FROM position ORDER BY account_id LIMIT 1)""");
    }

    @Test
    @Order(4)
    void shouldReportAnUnbalancedEntryAndANegativeCollateral() throws Exception {
        assertBreaks(
                List.of("journal entries balance", "balances equal their postings", "no collateral negative"),
                c -> Checker.all(c, result.sent(), result.delivered()),
                """
                UPDATE posting SET amount = amount + 1 WHERE id = (SELECT min(id) FROM posting)""",
                """
                ALTER TABLE ledger_balance DROP CONSTRAINT ledger_balance_not_overdrawn""",
                """
                UPDATE ledger_balance SET balance = -1 WHERE (ledger_account_id, asset_id) = (
                    SELECT b.ledger_account_id, b.asset_id FROM ledger_balance b JOIN ledger_account la ON la.id = b.ledger_account_id
                     WHERE la.kind = 'MEMBER_COLLATERAL' ORDER BY b.ledger_account_id LIMIT 1)""");
    }

    @Test
    @Order(5)
    void shouldReportASecondOpenCall() throws Exception {
        assertBreaks(
                List.of("at most one open call"), c -> Checker.all(c, result.sent(), result.delivered()), """
                DROP INDEX margin_call_one_open""", """
                INSERT INTO margin_call (account_id, reason, status, amount, margin_status, issued_at, deadline, updated_at)
                SELECT a.id, 'MARGIN_DEFICIT', 'ISSUED', 1, 'CALL', now(), now() + interval '1 hour', now() FROM account a, generate_series(1, 2)
                 WHERE a.code = 'M01-H1'""");
    }

    @Test
    @Order(6)
    void shouldReportAnOutboxEventThatNeverReachedItsTopicAndOneDeliveredWrong() throws Exception {
        List<Checker.Delivered> tampered = new ArrayList<>(result.delivered());
        Checker.Delivered first = tampered.get(0);
        tampered.add(new Checker.Delivered(
                first.topic(), first.partition(), Long.MAX_VALUE, first.key(), first.eventId(), "{\"other\":1}"));
        assertBreaks(
                List.of("outbox delivered at least once", "outbox no gaps per key", "outbox event ids unique"),
                c -> Checker.all(c, result.sent(), tampered),
                """
                INSERT INTO outbox (event_id, topic, event_key, type, payload, published_at)
                SELECT gen_random_uuid(), topic, event_key, type, payload, now() FROM outbox WHERE type <> 'INSTRUCTION_ISSUED' ORDER BY id LIMIT 1""");
    }

    @Test
    @Order(7)
    void shouldReportACycleBookedTwiceAndAWithdrawalPaidTwice() throws Exception {
        assertBreaks(
                List.of("settlement cycles run once", "withdrawals decided once"),
                c -> Checker.all(c, result.sent(), result.delivered()),
                """
                INSERT INTO journal_entry (kind, reference, created_by)
                SELECT kind, reference, created_by FROM journal_entry WHERE kind = 'SETTLEMENT_CYCLE' ORDER BY id LIMIT 1""",
                """
                INSERT INTO journal_entry (kind, reference, created_by)
                SELECT 'WITHDRAWAL_PAYOUT', reference, created_by FROM journal_entry WHERE kind = 'WITHDRAWAL_RESERVE' ORDER BY id LIMIT 1""");
    }

    @Test
    @Order(8)
    void shouldReportAConfirmationAppliedTwice() throws Exception {
        assertBreaks(
                List.of("confirmations applied once"), c -> Checker.all(c, result.sent(), result.delivered()), """
                INSERT INTO settlement_confirmation (source_topic, source_partition, source_offset, record_key, payload, instruction_id, outcome, detail)
                SELECT source_topic, source_partition, source_offset + 1000000, record_key, payload, instruction_id, outcome, detail
                  FROM settlement_confirmation WHERE outcome = 'APPLIED' ORDER BY id LIMIT 1""");
    }

    @Test
    @Order(9)
    void shouldReportAStoredMarginThatAFreshRunWouldChange() throws Exception {
        try (Connection c = database.connect()) {
            Map<String, Checker.Margin> fresh = Checker.margins(c);
            Map<String, Checker.Margin> stored = new HashMap<>(fresh);
            String account = fresh.keySet().iterator().next();
            Checker.Margin m = fresh.get(account);
            stored.put(
                    account,
                    new Checker.Margin(
                            m.im().add(java.math.BigDecimal.ONE), m.mm(), m.equity(), m.status(), m.callAmount()));
            assertThat(Checker.marginEqualsFreshRun(fresh, fresh).anomalies()).isZero();
            assertThat(Checker.marginEqualsFreshRun(stored, fresh).anomalies()).isEqualTo(1);
        }
    }

    /**
     * Breaks the run's database with {@code statements} (triggers off, as only a bug or a superuser could) in a
     * transaction that is rolled back, and checks that exactly the {@code expected} checks of {@code checks} report
     * anomalies, where none did before.
     */
    private static void assertBreaks(List<String> expected, CheckRun checks, String... statements) throws Exception {
        try (Connection c = database.connect()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                assertThat(Checker.all(c, result.sent(), result.delivered()))
                        .as("before")
                        .allSatisfy(k -> assertThat(k.anomalies())
                                .as(k.name() + " " + k.examples())
                                .isZero());
                st.execute("SET LOCAL session_replication_role = replica");
                for (String sql : statements) {
                    int rows = st.executeUpdate(sql);
                    if (!sql.startsWith("ALTER") && !sql.startsWith("DROP")) {
                        assertThat(rows).as("rows changed by " + sql).isPositive();
                    }
                }
                List<Checker.Check> after = checks.apply(c);
                assertThat(after.stream().filter(k -> !k.passed()).map(Checker.Check::name))
                        .containsExactlyInAnyOrderElementsOf(expected);
            } finally {
                c.rollback();
            }
        }
    }

    @FunctionalInterface
    private interface CheckRun {
        List<Checker.Check> apply(Connection c) throws SQLException;
    }
}
