package io.concordia.clearing.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.settlement.SettlementDtos.RunCycle;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.settlement.calc.CycleResult;
import io.concordia.settlement.calc.SettlementCalculator;
import io.concordia.settlement.model.AccountCode;
import io.concordia.settlement.model.CycleId;
import io.concordia.settlement.model.CycleInput;
import io.concordia.settlement.model.CycleTrade;
import io.concordia.settlement.model.FeeSchedule;
import io.concordia.settlement.model.MemberCode;
import io.concordia.settlement.model.PositionState;
import io.concordia.settlement.model.Product;
import io.concordia.settlement.model.ProductKind;
import io.concordia.settlement.model.ProductSymbol;
import io.concordia.settlement.model.VenueCode;
import io.concordia.types.AssetCode;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The service path of a settlement cycle over 100,000 positions in 20,000 accounts of 4,000 members plus 25,000 new
 * trades, on the real PostgreSQL: freeze (prices, trade assignment), post (read, library, statement, ledger,
 * instructions, position roll), publish (outbox). Measured in the same run as two baselines: a bare read of the same
 * rows into Java, and the settlement library alone on them. Not a test: it runs only when asked, alone, on a fresh
 * database (BENCHMARKS.md):
 *
 * <pre>mvn -o -q verify -pl clearing-api -am -Dtest=SettlementServiceBench -Dconcordia.bench=true -Dsurefire.failIfNoSpecifiedTests=false</pre>
 */
@QuarkusTest
@EnabledIfSystemProperty(named = "concordia.bench", matches = "true")
class SettlementServiceBench {

    static final int MEMBERS = 4_000;
    static final int ACCOUNTS = 20_000;
    static final int PRODUCTS = 20;
    static final int TRADES = 25_000;
    static final int CYCLES = 5;

    @Inject
    CycleService cycles;

    @Inject
    CycleReads reads;

    @Test
    void measureACycleOverOneHundredThousandPositions() throws Exception {
        seed();
        List<String> report = new ArrayList<>();
        report.add("settlement service bench " + Instant.now() + ", "
                + Runtime.getRuntime().availableProcessors() + " cores, load average "
                + String.format(
                        "%.1f",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage()));
        report.add(
                "cycle | trades | bare read ms | library ms | freeze ms | post ms | publish ms | total ms | total / bare read | total / library");
        long[] read = new long[CYCLES];
        long[] lib = new long[CYCLES];
        long[] total = new long[CYCLES];
        for (int cycle = 1; cycle <= CYCLES; cycle++) {
            addTrades(cycle);
            moveMarks();
            long t0 = System.nanoTime();
            Rows rows = bareRead();
            read[cycle - 1] = System.nanoTime() - t0;
            t0 = System.nanoTime();
            CycleResult library = SettlementCalculator.DEFAULT.run(rows.input());
            lib[cycle - 1] = System.nanoTime() - t0;
            assertThat(library.positions().size()).isEqualTo(100_000);

            String scansBefore = scans();
            t0 = System.nanoTime();
            long id = cycles.freeze(CycleOrigin.OPERATOR, null, "bench", RunCycle.NONE);
            long freeze = System.nanoTime() - t0;
            t0 = System.nanoTime();
            assertThat(cycles.post(id, "bench")).isTrue();
            long post = System.nanoTime() - t0;
            t0 = System.nanoTime();
            assertThat(cycles.publish(id)).isTrue();
            long publish = System.nanoTime() - t0;
            total[cycle - 1] = freeze + post + publish;

            SettlementDtos.Cycle done = reads.get(id);
            assertThat(done.positions()).isGreaterThanOrEqualTo(100_000);
            assertThat(done.instructions()).isLessThanOrEqualTo(MEMBERS);
            int i = cycle - 1;
            report.add(String.format(
                    "%d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1fx | %.1fx",
                    cycle,
                    done.trades(),
                    ms(read[i]),
                    ms(lib[i]),
                    ms(freeze),
                    ms(post),
                    ms(publish),
                    ms(total[i]),
                    (double) total[i] / read[i],
                    (double) total[i] / lib[i]));
            report.add("  positions " + done.positions() + ", instructions " + done.instructions());
            assertThat(scans())
                    .as("the posting trigger never scans the balances (" + scansBefore + ")")
                    .isEqualTo(scansBefore);
        }
        SettlementWorld.assertLedgerBalances();
        report.add("median of cycles 2-" + CYCLES + ": bare read " + median(read, 1) + " ms, library " + median(lib, 1)
                + " ms, service "
                + median(total, 1) + " ms, service / bare read " + String.format("%.1fx", ratioOfMedians(total, read))
                + ", service / library "
                + String.format("%.1fx", ratioOfMedians(total, lib)) + "; load average now "
                + String.format(
                        "%.1f",
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage()));
        report.forEach(System.out::println);
        try {
            Files.write(Path.of("target", "settlement-service-bench.txt"), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sequential scans of the tables the posting triggers read once per posting. */
    private static String scans() {
        return String.valueOf(TestDatabase.single("""
                SELECT string_agg(relname || '=' || seq_scan, ' ' ORDER BY relname) FROM pg_stat_user_tables
                 WHERE relname IN ('ledger_balance', 'journal_entry', 'posting')"""));
    }

    /** The (upper) median, in ms, of the cycles from {@code from} on (the first one warms the JIT up). */
    private static long median(long[] nanos, int from) {
        long[] warm = java.util.Arrays.copyOfRange(nanos, from, nanos.length);
        java.util.Arrays.sort(warm);
        return warm[warm.length / 2] / 1_000_000;
    }

    private static double ratioOfMedians(long[] a, long[] b) {
        return (double) median(a, 1) / median(b, 1);
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** The rows a cycle reads, straight into the library's values: what any implementation must at least do. */
    private record Rows(CycleInput input) {}

    private static Rows bareRead() throws SQLException {
        AssetCode usd = AssetCode.of("USD");
        Map<ProductSymbol, Product> products = new TreeMap<>();
        Map<ProductSymbol, BigDecimal> prices = new TreeMap<>();
        Map<Long, ProductSymbol> symbols = new HashMap<>();
        Map<Long, AccountCode> accounts = new HashMap<>();
        Map<AccountCode, MemberCode> members = new HashMap<>();
        List<PositionState> positions = new ArrayList<>(100_000);
        List<CycleTrade> trades = new ArrayList<>(TRADES * 2);
        try (Connection c = TestDatabase.connect();
                Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.setFetchSize(20_000);
            try (var rs = st.executeQuery(
                    "SELECT p.id, p.symbol, m.price FROM product p JOIN mark m ON m.product_id = p.id")) {
                while (rs.next()) {
                    ProductSymbol s = ProductSymbol.of(rs.getString(2));
                    symbols.put(rs.getLong(1), s);
                    products.put(s, new Product(s, ProductKind.PERPETUAL, usd));
                    prices.put(s, rs.getBigDecimal(3));
                }
            }
            try (var rs =
                    st.executeQuery("SELECT a.id, a.code, m.code FROM account a JOIN member m ON m.id = a.member_id")) {
                while (rs.next()) {
                    AccountCode a = AccountCode.of(rs.getString(2));
                    accounts.put(rs.getLong(1), a);
                    members.put(a, MemberCode.of(rs.getString(3)));
                }
            }
            try (var rs = st.executeQuery(
                    "SELECT account_id, product_id, quantity, reference_price FROM settlement_position")) {
                while (rs.next()) {
                    positions.add(new PositionState(
                            accounts.get(rs.getLong(1)),
                            symbols.get(rs.getLong(2)),
                            rs.getBigDecimal(3),
                            rs.getBigDecimal(4)));
                }
            }
            try (var rs = st.executeQuery("""
                    SELECT buyer_account_id, seller_account_id, product_id, quantity, price FROM trade_inbox WHERE settlement_cycle_id IS NULL""")) {
                VenueCode venue = VenueCode.of("bench-v");
                while (rs.next()) {
                    ProductSymbol s = symbols.get(rs.getLong(3));
                    trades.add(new CycleTrade(
                            accounts.get(rs.getLong(1)), s, venue, rs.getBigDecimal(4), rs.getBigDecimal(5)));
                    trades.add(new CycleTrade(
                            accounts.get(rs.getLong(2)),
                            s,
                            venue,
                            rs.getBigDecimal(4).negate(),
                            rs.getBigDecimal(5)));
                }
            }
            c.rollback();
        }
        return new Rows(new CycleInput(
                CycleId.of("bare"),
                products,
                Map.of(usd, 2),
                prices,
                Map.of(),
                FeeSchedule.of("0.0001"),
                members,
                positions,
                trades));
    }

    /**
     * 4,000 members of 5 accounts, each account holding 5 of 20 perpetuals since a seed cycle; account {@code a}
     * holds products {@code (a + 3k) mod 20}, so every trade below lands on a held position. Deterministic
     * ({@code setseed}).
     */
    private static void seed() throws SQLException {
        try (Connection c = TestDatabase.connect();
                Statement st = c.createStatement()) {
            st.execute("SELECT setseed(0.20261126)");
            st.execute("INSERT INTO asset (code, scale) VALUES ('USD', 2) ON CONFLICT DO NOTHING");
            st.execute("INSERT INTO venue (code, name) VALUES ('bench-v', 'Bench venue')");
            st.execute("""
                    INSERT INTO product (symbol, underlying, kind) SELECT 'BENCH-P' || i, 'U' || i, 'PERPETUAL' FROM generate_series(0, 19) i""");
            st.execute("""
                    INSERT INTO mark (product_id, price, source, stale, sources, updated_at)
                    SELECT id, round((100 + random() * 60000)::numeric, 2), 'HARMONIZED', false, 2, now() FROM product WHERE symbol LIKE 'BENCH-P%'""");
            st.execute("""
                    INSERT INTO member (code, name) SELECT 'BM' || lpad(i::text, 4, '0'), 'Bench ' || i FROM generate_series(0, 3999) i""");
            st.execute("""
                    INSERT INTO account (code, member_id, mode, type)
                    SELECT 'BA' || lpad(i::text, 5, '0'), (SELECT id FROM member WHERE code = 'BM' || lpad((i / 5)::text, 4, '0')), 'CROSS', 'HOUSE'
                      FROM generate_series(0, 19999) i""");
            st.execute("""
                    INSERT INTO ledger_account (code, kind, account_id, non_negative)
                    SELECT 'ACC:' || code, 'MEMBER_COLLATERAL', id, true FROM account WHERE code LIKE 'BA%'""");
            st.execute("""
                    INSERT INTO settlement_cycle (code, origin, status, cut_off, asset_id, fee_rate, requested_by, frozen_at, posted_at, published_at)
                    SELECT 'bench-seed', 'OPERATOR', 'PUBLISHED', now(), id, 0.0001, 'bench', now(), now(), now() FROM asset WHERE code = 'USD'""");
            st.execute("""
                    INSERT INTO settlement_position (account_id, product_id, quantity, reference_price, cycle_id)
                    SELECT a.id, p.id,
                           (CASE WHEN random() < 0.5 THEN -1 ELSE 1 END) * round((0.001 + random() * 100)::numeric, 3),
                           m.price, (SELECT id FROM settlement_cycle WHERE code = 'bench-seed')
                      FROM account a CROSS JOIN generate_series(0, 4) k
                      JOIN product p ON p.symbol = 'BENCH-P' || ((substr(a.code, 3)::int + 3 * k) % 20)
                      JOIN mark m ON m.product_id = p.id
                     WHERE a.code LIKE 'BA%'""");
            st.execute("ANALYZE");
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM settlement_position"))
                .isEqualTo(100_000);
    }

    /**
     * 25,000 trades between random accounts, within 2% of the mark, each on a product both sides hold (accounts whose
     * numbers differ by a multiple of 20 hold the same products): the cycle stays at 100,000 positions.
     */
    private static void addTrades(int cycle) throws SQLException {
        try (Connection c = TestDatabase.connect();
                Statement st = c.createStatement()) {
            st.execute("SELECT setseed(0." + (20261126 + cycle) + ")");
            st.execute("""
                    INSERT INTO trade_inbox (venue_id, venue_trade_id, payload_hash, product_id, buyer_account_id, seller_account_id, price,
                                             quantity, executed_at, source_topic, source_partition, source_offset)
                    SELECT v.id, 'C%1$d-' || t.i, decode(md5('%1$d/' || t.i) || md5('%1$d/' || t.i), 'hex'), p.id, b.id, s.id,
                           round(m.price * (0.98 + random() * 0.04)::numeric, 2), round((0.001 + random() * 10)::numeric, 3), now(),
                           'trades.bench-v', 0, %1$d * 100000 + t.i
                      FROM (SELECT i, floor(random() * 20000)::int AS buyer, floor(random() * 999)::int AS step, floor(random() * 5)::int AS k
                              FROM generate_series(1, %2$d) i) t
                      JOIN venue v ON v.code = 'bench-v'
                      JOIN account b ON b.code = 'BA' || lpad(t.buyer::text, 5, '0')
                      JOIN account s ON s.code = 'BA' || lpad(((t.buyer + 20 * (1 + t.step)) %% 20000)::text, 5, '0')
                      JOIN product p ON p.symbol = 'BENCH-P' || ((t.buyer + 3 * t.k) %% 20)
                      JOIN mark m ON m.product_id = p.id""".formatted(cycle, TRADES));
        }
    }

    /** Every mark moves by up to 3% either way. */
    private static void moveMarks() throws SQLException {
        try (Connection c = TestDatabase.connect();
                Statement st = c.createStatement()) {
            st.execute("""
                    UPDATE mark SET price = round(price * (0.97 + random() * 0.06)::numeric, 2), updated_at = now()
                     WHERE product_id IN (SELECT id FROM product WHERE symbol LIKE 'BENCH-P%')""");
        }
    }
}
