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
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A seeded random run of trades, deposits and mark moves across many accounts, then the margin invariants: the stored
 * margin is what a fresh run computes, every account in deficit has exactly one open call, no healthy account has an
 * open deficit call, and every call has its events in the outbox, all published.
 */
@QuarkusTest
class MarginInvariantsTest {

    private static final long SEED = 20261126L;

    @Test
    void shouldHoldTheMarginInvariantsAfterASeededRandomRun() {
        SplittableRandom random = new SplittableRandom(SEED);
        Trading w = new Trading();
        Margins.usd();
        Margins.mark(w.product, "60000");
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String account = Api.openAccount(i % 2 == 0 ? w.memberA : w.memberB);
            Api.deposit(account, "USD", String.valueOf(2_000 + random.nextInt(30_000)));
            accounts.add(account);
        }
        BigDecimal mark = new BigDecimal("60000");
        int trades = 0;
        for (int round = 0; round < 8; round++) {
            for (int t = 0; t < 15; t++) {
                String buyer = accounts.get(random.nextInt(accounts.size()));
                String seller = accounts.get(random.nextInt(accounts.size()));
                if (buyer.equals(seller)) {
                    continue;
                }
                String venue = random.nextBoolean() ? w.venueA : w.venueB;
                String contracts = venue.equals(w.venueA)
                        ? String.valueOf(100 + random.nextInt(900))
                        : String.valueOf(1 + random.nextInt(60));
                String price = mark.add(BigDecimal.valueOf(random.nextInt(2001) - 1000))
                        .toPlainString();
                String id = Trading.nextTradeId();
                TestKafka.send("trades." + venue, id, w.trade(venue, id, price, contracts, buyer, seller));
                trades++;
            }
            mark = mark.multiply(BigDecimal.valueOf(0.9 + random.nextDouble() * 0.2))
                    .setScale(2, java.math.RoundingMode.HALF_EVEN);
            Margins.mark(w.product, mark.toPlainString());
            if (round % 3 == 2) {
                Api.deposit(
                        accounts.get(random.nextInt(accounts.size())),
                        "USD",
                        String.valueOf(1_000 + random.nextInt(10_000)));
            }
        }
        int sent = trades;
        Eventually.until(
                "every trade booked",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM trade_inbox i JOIN product p ON p.id = i.product_id WHERE p.symbol = ?",
                                w.product)
                        == sent);
        Margins.awaitQuiet();

        // the stored margin is exactly what a fresh full run computes: the run changes no figure
        // (the run margins every account; only this test's are compared: an option's time value decays between runs)
        long historyBefore = historyOf(accounts);
        long run = operator()
                .post("/api/v1/admin/margin/runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("id");
        Eventually.until(
                "the full run finished",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM margin_run WHERE id = ? AND finished_at IS NOT NULL", run)
                        == 1);
        assertThat(historyOf(accounts)).isEqualTo(historyBefore);

        String codes = "'" + String.join("','", accounts) + "'";
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM account_margin m JOIN account a ON a.id = m.account_id WHERE a.code IN ("
                                + codes + ") AND m.status <> 'HEALTHY'"))
                .as("the seed puts some accounts in deficit")
                .isPositive();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM account_margin m
                 WHERE m.status <> 'HEALTHY'
                   AND (SELECT count(*) FROM margin_call c WHERE c.account_id = m.account_id
                         AND c.status IN ('ISSUED', 'OVERDUE', 'ESCALATED')) <> 1"""))
                .as("deficit accounts without exactly one open call")
                .isZero();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM account_margin m JOIN margin_call c ON c.account_id = m.account_id
                 WHERE m.status = 'HEALTHY' AND c.reason = 'MARGIN_DEFICIT' AND c.status IN ('ISSUED', 'OVERDUE')"""))
                .as("healthy accounts with an open call")
                .isZero();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM margin_call c WHERE NOT EXISTS (
                  SELECT 1 FROM outbox o WHERE o.topic = 'margin-calls' AND o.type = 'MARGIN_CALL_ISSUED'
                     AND (o.payload -> 'data' ->> 'id')::bigint = c.id)""")).as("calls without their event").isZero();
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM margin_call c WHERE c.status = 'MET' AND NOT EXISTS (
                  SELECT 1 FROM outbox o WHERE o.type = 'MARGIN_CALL_MET' AND (o.payload -> 'data' ->> 'id')::bigint = c.id)""")).isZero();
        Eventually.until(
                "the outbox published",
                () -> TestDatabase.count("SELECT count(*) FROM outbox WHERE published_at IS NULL") == 0);
    }

    /**
     * A few hot accounts that keep changing while the queue threads margin them: a burst of trades between them, with
     * deposits and mark moves in the middle of it. Afterwards a fresh full run changes no figure and no entry is left
     * queued. (Which interleavings occur is up to the scheduler; {@link MarginQueueTest} pins the version rule down.)
     */
    @Test
    void shouldKeepNoStaleResultForAccountsThatChangeWhileTheyAreMargined() throws Exception {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        Trading w = new Trading();
        Margins.usd();
        Margins.mark(w.product, "60000");
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            String account = Api.openAccount(i % 2 == 0 ? w.memberA : w.memberB);
            Api.deposit(account, "USD", "40000");
            accounts.add(account);
        }
        Margins.awaitQuiet();
        Thread moves = new Thread(() -> {
            SplittableRandom r = new SplittableRandom(SEED + 2);
            for (int i = 0; i < 12; i++) {
                Api.deposit(accounts.get(r.nextInt(accounts.size())), "USD", String.valueOf(100 + r.nextInt(2_000)));
                Margins.mark(w.product, String.valueOf(58_000 + r.nextInt(4_000)));
            }
        });
        moves.start();
        int trades = 0;
        for (int t = 0; t < 600; t++) {
            int buyer = random.nextInt(accounts.size());
            int seller = (buyer + 1 + random.nextInt(accounts.size() - 1)) % accounts.size();
            String id = Trading.nextTradeId();
            TestKafka.send(
                    "trades." + w.venueB,
                    id,
                    w.trade(
                            w.venueB,
                            id,
                            String.valueOf(59_000 + random.nextInt(2_000)),
                            String.valueOf(1 + random.nextInt(5)),
                            accounts.get(buyer),
                            accounts.get(seller)));
            trades++;
        }
        moves.join();
        int sent = trades;
        Eventually.until(
                "every trade booked",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM trade_inbox i JOIN product p ON p.id = i.product_id WHERE p.symbol = ?",
                                w.product)
                        == sent);
        Margins.awaitQuiet();

        long historyBefore = historyOf(accounts);
        long run = operator()
                .post("/api/v1/admin/margin/runs")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("id");
        Eventually.until(
                "the full run finished",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM margin_run WHERE id = ? AND finished_at IS NOT NULL", run)
                        == 1);
        assertThat(historyOf(accounts)).as("figures a fresh run changed").isEqualTo(historyBefore);
        assertThat(TestDatabase.count("SELECT count(*) FROM margin_queue")).isZero();
    }

    /** The margin history rows of these accounts. */
    private static long historyOf(List<String> accounts) {
        return TestDatabase.count("""
                SELECT count(*) FROM margin_history h JOIN account a ON a.id = h.account_id WHERE a.code = ANY (?)""", (Object) accounts.toArray(new String[0]));
    }
}
