package io.concordia.clearing.margin;

import static io.concordia.clearing.support.Api.operator;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.CpuMeter;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The margin service's benchmark (BENCHMARKS.md), not a test: its name keeps it out of {@code mvn verify}. Run with
 * {@code mvn -pl clearing-api verify -Dtest=MarginServiceBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <ol>
 * <li>A full margin run over 100,000 cross accounts of 5 positions each, through the service (claimed in chunks,
 * loaded, margined, stored with history), beside margin-core alone on the same portfolios and context in the same run.
 * <li>Trade-to-margin latency: trades published to Kafka at a steady 5,000 a second; for each, from its send time to the
 * commit of the buyer's first margin computed after the trade was booked.
 * <li>What-if requests per second and their latency, from 8 client threads on the same machine.
 * </ol>
 * The book is written straight into PostgreSQL (ledger triggers switched off for the seed only, with every entry
 * balanced and every balance the sum of its postings), so that seeding takes seconds, not the benchmark's time.
 */
@QuarkusTest
class MarginServiceBenchmark {

    private static final int ACCOUNTS = Integer.getInteger("bench.accounts", 100_000);
    private static final String[] UNDERLYINGS = {"BTC", "ETH", "SOL", "XRP", "DOGE"};
    private static final double[] MARKS = {64000, 3000, 150, 0.6, 0.15};
    /** Option positions per account, on a chain listed over the five underlyings (0: the linear book alone). */
    private static final int OPTIONS = Integer.getInteger("bench.options", 0);
    /** The chain's strikes per underlying, as fractions of its mark; a call and a put at each, expiring in 30 days. */
    /** The tables the seed writes, whose triggers it switches off while it writes them. */
    private static final List<String> SEEDED_TABLES = List.of(
            "member",
            "account",
            "ledger_account",
            "position",
            "journal_entry",
            "posting",
            "journal_entry_total",
            "ledger_balance");

    private static final double[] MONEYNESS = {0.8, 0.9, 1.0, 1.1, 1.2};

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MarginEngine engine;

    @Test
    void run() throws Exception {
        Margins.usd();
        String prefix = Api.unique("MB").toUpperCase();
        List<String> products = seed(prefix);
        report("seeded %,d accounts x %d positions + %d options", ACCOUNTS, products.size(), OPTIONS);

        String parts = System.getProperty("bench.parts", "runs,core,latency,whatif");
        if (parts.contains("runs")) {
            fullRuns(prefix);
        }
        if (parts.contains("core")) {
            coreAlone(prefix);
        }
        if (parts.contains("latency")) {
            for (String rate : System.getProperty("bench.rate", "5000").split(",")) {
                latency(prefix, products.get(0), Integer.parseInt(rate.strip()));
            }
        }
        if (parts.contains("whatif")) {
            whatIf(prefix, products);
        }
    }

    private List<String> seed(String prefix) throws Exception {
        List<String> products = new ArrayList<>();
        for (int i = 0; i < UNDERLYINGS.length; i++) {
            String symbol = prefix + "-" + UNDERLYINGS[i] + "-PERP";
            operator()
                    .body(Map.of("symbol", symbol, "underlying", UNDERLYINGS[i], "kind", "PERPETUAL"))
                    .post("/api/v1/admin/products")
                    .then()
                    .statusCode(201);
            Margins.mark(symbol, String.valueOf(MARKS[i]));
            products.add(symbol);
        }
        List<String> options = listOptions(prefix);
        try (Connection c = TestDatabase.connect();
                var st = c.createStatement()) {
            c.setAutoCommit(false);
            // the seed books balanced entries itself: the ledger's per-posting triggers are off for its transaction
            // only (the
            // schema's owner may switch its own tables' triggers; the foreign keys stay checked)
            for (String table : SEEDED_TABLES) {
                st.execute("ALTER TABLE " + table + " DISABLE TRIGGER USER");
            }
            st.execute("INSERT INTO member (code, name) SELECT '" + prefix
                    + "M' || g, 'benchmark member' FROM generate_series(1, 100) g");
            st.execute("INSERT INTO account (code, member_id, mode, type) SELECT '" + prefix + "A' || g, "
                    + "(SELECT id FROM member WHERE code = '" + prefix
                    + "M' || (1 + g % 100)), 'CROSS', 'HOUSE' FROM generate_series(1, " + ACCOUNTS + ") g");
            st.execute(
                    "INSERT INTO ledger_account (code, kind, account_id, non_negative) SELECT 'ACC:' || code, 'MEMBER_COLLATERAL', id, true "
                            + "FROM account WHERE code LIKE '" + prefix + "A%'");
            // positions pair up (account 2k long where 2k+1 is short), so every product still sums to zero
            st.execute("INSERT INTO position (account_id, product_id, quantity, average_price, realized_pnl) "
                    + "SELECT a.id, p.id, (CASE WHEN a.id % 2 = 0 THEN 1 ELSE -1 END) * (1 + ((a.id / 2) * 7 + p.id * 13) % 50) "
                    + "* 1000 / m.price, m.price * 0.99, 0 FROM account a CROSS JOIN product p JOIN mark m ON m.product_id = p.id "
                    + "WHERE a.code LIKE '" + prefix + "A%' AND p.symbol LIKE '" + prefix
                    + "-%' AND p.kind = 'PERPETUAL' AND (a.id % 2 = 0 OR EXISTS "
                    + "(SELECT 1 FROM account b WHERE b.id = a.id - 1 AND b.code LIKE '" + prefix + "A%'))");
            if (!options.isEmpty()) {
                // OPTIONS distinct options per pair of accounts, long in one and short in the other, a few units each
                st.execute("INSERT INTO position (account_id, product_id, quantity, average_price, realized_pnl) "
                        + "SELECT a.id, o.id, (CASE WHEN a.id % 2 = 0 THEN 1 ELSE -1 END) * (1 + (a.id / 2 + o.rn) % 5), m.price, 0 "
                        + "FROM account a JOIN (SELECT p.id, row_number() OVER (ORDER BY p.id) - 1 AS rn, count(*) OVER () AS n "
                        + "FROM product p WHERE p.symbol LIKE '" + prefix
                        + "-O-%') o ON ((a.id / 2) * 7 + o.rn) % o.n < " + OPTIONS
                        + " JOIN mark m ON m.product_id = o.id WHERE a.code LIKE '" + prefix
                        + "A%' AND (a.id % 2 = 0 OR EXISTS "
                        + "(SELECT 1 FROM account b WHERE b.id = a.id - 1 AND b.code LIKE '" + prefix + "A%'))");
            }
            st.execute(
                    "INSERT INTO journal_entry (kind, reference, created_by) SELECT 'DEPOSIT', 'bench:' || la.id, 'benchmark' "
                            + "FROM ledger_account la WHERE la.code LIKE 'ACC:" + prefix + "A%'");
            st.execute("INSERT INTO posting (entry_id, ledger_account_id, asset_id, amount) "
                    + "SELECT e.id, la.id, u.id, 40000 + (la.id % 40) * 2000 FROM journal_entry e "
                    + "JOIN ledger_account la ON 'bench:' || la.id = e.reference, asset u WHERE u.code = 'USD' AND e.reference LIKE 'bench:%' "
                    + "AND la.code LIKE 'ACC:" + prefix + "A%' UNION ALL "
                    + "SELECT e.id, (SELECT id FROM ledger_account WHERE code = 'CCP:CUSTODY'), u.id, -(40000 + (la.id % 40) * 2000) "
                    + "FROM journal_entry e JOIN ledger_account la ON 'bench:' || la.id = e.reference, asset u "
                    + "WHERE u.code = 'USD' AND la.code LIKE 'ACC:" + prefix + "A%'");
            st.execute(
                    "INSERT INTO journal_entry_total (entry_id, asset_id, total) SELECT entry_id, asset_id, sum(amount) FROM posting p "
                            + "JOIN journal_entry e ON e.id = p.entry_id WHERE e.reference LIKE 'bench:%' AND e.created_by = 'benchmark' "
                            + "GROUP BY entry_id, asset_id ON CONFLICT DO NOTHING");
            st.execute(
                    "INSERT INTO ledger_balance (ledger_account_id, asset_id, balance, non_negative) SELECT p.ledger_account_id, p.asset_id, "
                            + "sum(p.amount), bool_and(la.non_negative) FROM posting p JOIN journal_entry e ON e.id = p.entry_id "
                            + "JOIN ledger_account la ON la.id = p.ledger_account_id WHERE e.created_by = 'benchmark' GROUP BY 1, 2 "
                            + "ON CONFLICT (ledger_account_id, asset_id) DO UPDATE SET balance = ledger_balance.balance + excluded.balance");
            for (String table : SEEDED_TABLES) {
                st.execute("ALTER TABLE " + table + " ENABLE TRIGGER USER");
            }
            c.commit();
            st.execute("ANALYZE");
            c.commit();
            // margin one account, so that the synthetic scenario set is extended to the book's underlyings (which
            // re-margins every account) now, not in the middle of a measurement
            st.execute("INSERT INTO margin_queue (account_id) SELECT min(id) FROM account WHERE code LIKE '" + prefix
                    + "A%'");
            c.commit();
        }
        Eventually.within(
                Duration.ofMinutes(10),
                "the book margined under a set covering it",
                () -> TestDatabase.count("SELECT count(*) FROM margin_queue") == 0
                        && TestDatabase.count("SELECT count(*) FROM margin_run WHERE finished_at IS NULL") == 0);
        Margins.awaitQuiet();
        return products;
    }

    /**
     * With {@code bench.options}, a chain on each underlying: calls and puts at the {@link #MONEYNESS} strikes, marked at
     * their Black-76 value at 60% volatility (an operator's mark with its iv, as one venue alone never makes a mark).
     */
    private static List<String> listOptions(String prefix) {
        List<String> options = new ArrayList<>();
        if (OPTIONS == 0) {
            return options;
        }
        Instant expiry = Instant.now().plus(Duration.ofDays(30)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        double tau = io.concordia.margin.option.Black76.yearsToExpiry(Instant.now(), expiry);
        for (int u = 0; u < UNDERLYINGS.length; u++) {
            for (int k = 0; k < MONEYNESS.length; k++) {
                for (io.concordia.margin.model.OptionRight right : io.concordia.margin.model.OptionRight.values()) {
                    String strike = new java.math.BigDecimal(MARKS[u] * MONEYNESS[k])
                            .round(new java.math.MathContext(6))
                            .stripTrailingZeros()
                            .toPlainString();
                    String symbol = prefix + "-O-" + UNDERLYINGS[u] + "-" + k + "-"
                            + right.name().charAt(0);
                    operator()
                            .body(Map.of(
                                    "symbol",
                                    symbol,
                                    "underlying",
                                    UNDERLYINGS[u],
                                    "kind",
                                    "OPTION",
                                    "strike",
                                    strike,
                                    "right",
                                    right.name(),
                                    "expiresAt",
                                    expiry.toString()))
                            .post("/api/v1/admin/products")
                            .then()
                            .statusCode(201);
                    double value = io.concordia.margin.option.Black76.value(
                            right, MARKS[u], Double.parseDouble(strike), 0.6, tau);
                    String price = new java.math.BigDecimal(Math.max(value, MARKS[u] * 1e-4))
                            .round(new java.math.MathContext(8))
                            .toPlainString();
                    operator()
                            .body(Map.of("price", price, "iv", "0.6", "reason", "benchmark chain"))
                            .put("/api/v1/admin/marks/{p}", symbol)
                            .then()
                            .statusCode(200);
                    options.add(symbol);
                }
            }
        }
        return options;
    }

    private void fullRuns(String prefix) throws Exception {
        for (int run = 1; run <= 3; run++) {
            try (Connection c = TestDatabase.connect();
                    var st = c.createStatement()) {
                st.execute(
                        "UPDATE mark SET price = price * 1.01 WHERE product_id IN (SELECT id FROM product WHERE symbol LIKE '"
                                + prefix + "-%' AND kind = 'PERPETUAL')");
            }
            long historyBefore = TestDatabase.count("SELECT count(*) FROM margin_history");
            CpuMeter cpuStart = CpuMeter.now();
            long t0 = System.nanoTime();
            long id = operator()
                    .post("/api/v1/admin/margin/runs")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath()
                    .getLong("id");
            Eventually.within(
                    Duration.ofMinutes(10),
                    "run " + id,
                    () -> TestDatabase.count(
                                    "SELECT count(*) FROM margin_run WHERE id = ? AND finished_at IS NOT NULL", id)
                            == 1);
            double seconds = (System.nanoTime() - t0) / 1e9;
            // CPU is steadier than the rate on a shared machine: it says which side of the run to work on
            CpuMeter cpu = CpuMeter.now().since(cpuStart);
            long accounts = TestDatabase.count("SELECT accounts FROM margin_run WHERE id = ?", id);
            report(
                    "service full run %d: %,d accounts in %.2f s = %,.0f accounts/s (%,d history rows); CPU per account "
                            + "%.1f µs in this JVM, %.1f µs in PostgreSQL",
                    run,
                    accounts,
                    seconds,
                    accounts / seconds,
                    TestDatabase.count("SELECT count(*) FROM margin_history") - historyBefore,
                    cpu.jvmNanos() / 1e3 / accounts,
                    cpu.postgresNanos() / 1e3 / accounts);
        }
    }

    private void coreAlone(String prefix) throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = TestDatabase.connect();
                var rs = c.createStatement()
                        .executeQuery("SELECT id FROM account WHERE code LIKE '" + prefix + "A%' ORDER BY id")) {
            while (rs.next()) {
                ids.add(rs.getLong(1));
            }
        }
        List<MarginBook.AccountInput> inputs = new ArrayList<>();
        MarginEngine.Risk risk;
        try (Connection c = dataSource.getConnection()) {
            for (int i = 0; i < ids.size(); i += 5000) {
                inputs.addAll(MarginBook.load(
                                c, ids.subList(i, Math.min(ids.size(), i + 5000)), java.time.Instant.now())
                        .values());
            }
            risk = engine.covering(c, inputs);
        }
        for (int round = 1; round <= 3; round++) {
            // a fresh memo of option valuations per pass, as a run of the service values its options once per batch
            long t0 = System.nanoTime();
            var shared = MarginEngine.valuations(risk, inputs);
            long sink = inputs.parallelStream()
                    .mapToLong(in -> MarginEngine.margin(risk, in, shared)
                            .im()
                            .unscaledValue()
                            .longValue())
                    .sum();
            double parallel = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            var single = MarginEngine.valuations(risk, inputs);
            for (MarginBook.AccountInput in : inputs) {
                sink += MarginEngine.margin(risk, in, single)
                        .im()
                        .unscaledValue()
                        .longValue();
            }
            double oneThread = (System.nanoTime() - t0) / 1e9;
            report(
                    "margin-core alone %d: %,d accounts, all cores %,.0f accounts/s, one thread %,.0f accounts/s (checksum %d)",
                    round, inputs.size(), inputs.size() / parallel, inputs.size() / oneThread, sink);
        }
    }

    private void latency(String prefix, String product, int rate) throws Exception {
        String venue = Api.unique("mbv").toLowerCase();
        operator()
                .body(Map.of("code", venue, "name", "benchmark venue"))
                .post("/api/v1/admin/venues")
                .then()
                .statusCode(201);
        operator()
                .body(Map.of("symbol", "BENCH", "product", product, "contractSize", "0.001"))
                .post("/api/v1/admin/venues/{v}/instruments", venue)
                .then()
                .statusCode(201);
        TestKafka.createTopic("trades." + venue, 4);
        Thread.sleep(2000); // the consumer picks the new topic up
        int seconds = 20;
        SplittableRandom random = new SplittableRandom(7);
        long start = System.nanoTime();
        for (int i = 0; i < rate * seconds; i++) {
            // sleep, not spin, until the record is due: a spinning client would take one of the two cores from the
            // service; a late wake-up sends the records due meanwhile at once, so the rate holds
            long due = start + (long) i * 1_000_000_000L / rate;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
            }
            int buyer = 1 + random.nextInt(ACCOUNTS);
            int seller = 1 + random.nextInt(ACCOUNTS);
            if (buyer == seller) {
                seller = buyer % ACCOUNTS + 1;
            }
            String id = "LAT-" + prefix + "-" + rate + "-" + i;
            String record = """
                    {"venue":"%s","tradeId":"%s","symbol":"BENCH","price":"64000","quantity":"%d","buyer":"%s","seller":"%s","executedAt":"%s"}""".formatted(
                    venue, id, 1 + random.nextInt(20), prefix + "A" + buyer, prefix + "A" + seller, Instant.now());
            TestKafka.producer()
                    .send(new org.apache.kafka.clients.producer.ProducerRecord<>(
                            "trades." + venue, id, record.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        TestKafka.producer().flush();
        double sent = (System.nanoTime() - start) / 1e9;
        // the wait counts by the inbox's (venue, trade id) index twice a second: a scan of the inbox every 50 ms took
        // 1.4-3.0 s of PostgreSQL's time from the ingestion it was waiting for
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (TestDatabase.count(
                        "SELECT count(*) FROM trade_inbox WHERE venue_id = (SELECT id FROM venue WHERE code = ?)",
                        venue)
                < (long) rate * seconds) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the trades were not all booked within 5 minutes");
            }
            Thread.sleep(500);
        }
        Eventually.within(
                Duration.ofMinutes(10),
                "the margin queue drained",
                () -> TestDatabase.count("SELECT count(*) FROM margin_queue") == 0);
        Margins.awaitQuiet();
        try (Connection c = TestDatabase.connect();
                var ps = c.prepareStatement("""
                SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY lat), max(lat), count(*),
                       count(*) FILTER (WHERE lat > 2000) FROM (
                  SELECT extract(epoch FROM (SELECT min(h.computed_at) FROM margin_history h
                                              WHERE h.account_id = i.buyer_account_id AND h.computed_at >= i.received_at)
                                 - i.executed_at) * 1000 AS lat
                    FROM trade_inbox i WHERE i.venue_trade_id LIKE ?) s""")) {
            ps.setString(1, "LAT-" + prefix + "-" + rate + "-%");
            try (var rs = ps.executeQuery()) {
                rs.next();
                Double[] p = (Double[]) rs.getArray(1).getArray();
                report(
                        "trade-to-margin at %,d trades/s (%,.0f/s achieved over %.1f s): p50 %.0f ms, p99 %.0f ms, max %.0f ms over %,d trades"
                                + " (%,d over 2 s)",
                        rate, rate * seconds / sent, sent, p[0], p[1], rs.getDouble(2), rs.getLong(3), rs.getLong(4));
            }
        }
        // the part of it that is ingestion: record time to the trade's commit in the inbox
        try (Connection c = TestDatabase.connect();
                var ps = c.prepareStatement("""
                SELECT percentile_cont(ARRAY[0.5, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM (received_at - executed_at)) * 1000),
                       max(extract(epoch FROM (received_at - executed_at)) * 1000)
                  FROM trade_inbox WHERE venue_trade_id LIKE ?""")) {
            ps.setString(1, "LAT-" + prefix + "-" + rate + "-%");
            try (var rs = ps.executeQuery()) {
                rs.next();
                Double[] p = (Double[]) rs.getArray(1).getArray();
                report(
                        "  of which record time to the trade in the inbox: p50 %.0f ms, p99 %.0f ms, max %.0f ms",
                        p[0], p[1], rs.getDouble(2));
            }
        }
    }

    private void whatIf(String prefix, List<String> products) throws Exception {
        Map<Integer, String> tokens = new ConcurrentHashMap<>();
        for (int m = 1; m <= 100; m++) {
            tokens.put(m, Tokens.member(prefix + "M" + m));
        }
        // warm-up (JIT, pools, the scenario set's first extension), then quiet: no full run or queue left over. The
        // JIT takes its time: over 80 s of requests the JVM's CPU per request kept falling, from 2.5 ms to under 1 ms
        Duration warmUp = Duration.ofSeconds(Integer.getInteger("bench.whatif.warmup", 90));
        whatIfRound(prefix, products, tokens, warmUp, 8, "what-if warm-up");
        Eventually.within(
                Duration.ofMinutes(10),
                "no margin run in progress",
                () -> TestDatabase.count("SELECT count(*) FROM margin_run WHERE finished_at IS NULL") == 0);
        Margins.awaitQuiet();
        // as many client threads as it takes to saturate the two cores, then a load that leaves them room
        for (String threads :
                System.getProperty("bench.whatif.threads", "8,4,3,2").split(",")) {
            whatIfRound(prefix, products, tokens, Duration.ofSeconds(20), Integer.parseInt(threads.strip()), "what-if");
        }
    }

    private void whatIfRound(
            String prefix,
            List<String> products,
            Map<Integer, String> tokens,
            Duration length,
            int threads,
            String label)
            throws Exception {
        AtomicLong done = new AtomicLong();
        List<long[]> latencies = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // a plain JDK client: REST Assured's own cost per request would dominate what is measured
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        java.net.URI whatIfUri = java.net.URI.create(
                io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/api/v1/margin/what-if");
        long end = System.nanoTime() + length.toNanos();
        long start = System.nanoTime();
        CpuMeter cpuStart = CpuMeter.now();
        for (int t = 0; t < threads; t++) {
            long[] mine = new long[2_000_000];
            latencies.add(mine);
            int seed = t;
            pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                int n = 0;
                try {
                    while (System.nanoTime() < end) {
                        int account = 1 + random.nextInt(ACCOUNTS);
                        String token = tokens.get(1 + account % 100);
                        String body =
                                """
                                {"account":"%s","trades":[{"product":"%s","quantity":"0.5"}]}""".formatted(prefix + "A" + account, products.get(random.nextInt(products.size())));
                        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(whatIfUri)
                                .header("Authorization", "Bearer " + token)
                                .header("Content-Type", "application/json")
                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                .build();
                        long t0 = System.nanoTime();
                        int status = http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString())
                                .statusCode();
                        if (status != 200) {
                            throw new IllegalStateException("what-if answered " + status);
                        }
                        mine[n++] = System.nanoTime() - t0;
                        done.incrementAndGet();
                    }
                } catch (java.io.IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                mine[mine.length - 1] = n;
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(2, TimeUnit.MINUTES);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuMeter cpu = CpuMeter.now().since(cpuStart);
        long[] all = latencies.stream()
                .flatMapToLong(a -> Arrays.stream(a, 0, (int) a[a.length - 1]))
                .sorted()
                .toArray();
        report(
                "%s: %,d requests from %d threads in %.1f s = %,.0f/s; p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms",
                label,
                done.get(),
                threads,
                seconds,
                done.get() / seconds,
                all[all.length / 2] / 1e6,
                all[(int) (all.length * 0.99)] / 1e6,
                all[(int) (all.length * 0.999)] / 1e6,
                all[all.length - 1] / 1e6);
        report(
                "  CPU per request: %.0f µs in this JVM (service and client threads), %.0f µs in PostgreSQL",
                cpu.jvmNanos() / 1e3 / done.get(), cpu.postgresNanos() / 1e3 / done.get());
    }

    private static void report(String format, Object... args) {
        System.out.println("BENCH " + String.format(format, args));
    }
}
