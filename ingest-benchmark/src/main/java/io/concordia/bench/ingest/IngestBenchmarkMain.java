package io.concordia.bench.ingest;

import io.concordia.kafka.embedded.BrokerCredentials;
import io.concordia.kafka.embedded.BrokerSettings;
import io.concordia.kafka.embedded.EmbeddedKafkaBroker;
import io.concordia.simulator.KafkaVenuePublisher;
import io.concordia.simulator.VenueSimulator;
import io.concordia.simulator.VenueSpec;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Runs the ingest benchmark and prints its report. See BENCHMARKS.md for what each figure means.
 *
 * <ol>
 *   <li>a real PostgreSQL 17 and a real Kafka broker, both on this machine, each in a fresh folder;</li>
 *   <li>the packaged application, started once with ingestion off to migrate the schema and take the reference data
 *       (three venues listing BTC-PERP, the accounts) through its REST API;</li>
 *   <li>N simulated trades published to trades.venue-a/b/c;</li>
 *   <li>(a) a bare consumer drains them; (b) a bare COPY writes the same inbox rows into a bare table, then into a
 *       copy of trade_inbox with its keys and indexes;</li>
 *   <li>(d) the peer: the Debezium JDBC sink on Kafka Connect standalone reads the same topics into tables of the same
 *       database, once in upsert mode and once in insert mode (see {@link ConnectSink});</li>
 *   <li>(c) the application starts with ingestion on and applies them: inbox, positions, offsets, one transaction
 *       a batch;</li>
 *   <li>then a steady stream at R trades/s, each timed from the hand-over to the producer to its batch's commit.</li>
 * </ol>
 */
public final class IngestBenchmarkMain {

    private static final String GROUP = "concordia";
    private static final String TRADE_TOPICS = "^trades\\.(?!dlq$)";

    private IngestBenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(
                    e.getMessage().isEmpty() ? BenchOptions.USAGE : e.getMessage() + "\n" + BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        new IngestBenchmarkMain().run(options);
    }

    private void run(BenchOptions o) throws Exception {
        String loadAtStart = ProcStats.loadAverage();
        Instant startedAt = Instant.now();
        deleteTree(o.workDir());
        Files.createDirectories(o.workDir());
        log("work folder %s; load average %s", o.workDir().toAbsolutePath(), loadAtStart);

        EmbeddedPostgres.Builder server = EmbeddedPostgres.builder()
                .setDataDirectory(o.workDir().resolve("postgres"))
                .setCleanDataDirectory(true)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("synchronous_commit", o.synchronousCommit())
                .setServerConfig("track_commit_timestamp", "on")
                .setServerConfig("max_connections", "200");
        if (o.statements() > 0) {
            // nested statements too: the inbox's reference checks run in a trigger
            server.setServerConfig("shared_preload_libraries", "pg_stat_statements")
                    .setServerConfig("pg_stat_statements.track", "all");
        }
        EmbeddedPostgres postgres = server.start();
        EmbeddedKafkaBroker broker = null;
        try {
            try (Connection c = postgres.getPostgresDatabase().getConnection();
                    var st = c.createStatement()) {
                st.execute("CREATE DATABASE concordia");
            }
            String jdbcUrl = postgres.getJdbcUrl("postgres", "concordia");
            long postmaster = Long.parseLong(Files.readAllLines(o.workDir().resolve("postgres/postmaster.pid"))
                    .get(0)
                    .trim());
            broker = EmbeddedKafkaBroker.start(
                    BrokerSettings.of(o.workDir().resolve("kafka")).withPartitions(o.partitions()));
            log(
                    "PostgreSQL %s (synchronous_commit=%s), Kafka broker at %s",
                    jdbcUrl, o.synchronousCommit(), broker.bootstrapServers());
            report(o, startedAt, loadAtStart, measure(o, jdbcUrl, broker, postmaster));
        } finally {
            if (broker != null) {
                broker.stop();
            }
            postgres.close();
        }
    }

    /** Everything measured, for the report. */
    private record Results(
            Duration publish,
            Baselines.Rate bareConsumer,
            Baselines.Rate bareCopy,
            Baselines.Rate indexedCopy,
            List<ConnectSink.Result> peer,
            Commits.Throughput concordia,
            ResourceSampler.Usage concordiaUsage,
            Duration appStartToDone,
            Latencies latency,
            int latencyTrades,
            double offeredRate,
            int latencyBatches,
            ResourceSampler.Usage latencyUsage,
            long idleRss) {}

    private Results measure(BenchOptions o, String jdbcUrl, EmbeddedKafkaBroker broker, long postmaster)
            throws Exception {
        long brokerPid = broker.pid();
        // The broker requires SASL/SCRAM: venues publish with the publisher's login, the application and the bare
        // consumer read with the application's.
        Map<String, String> venue = broker.clientProperties(BrokerCredentials.PUBLISHER);
        Map<String, String> application = broker.clientProperties(BrokerCredentials.APPLICATION);
        List<String> accounts = new ArrayList<>();
        for (int i = 1; i <= o.accounts(); i++) {
            accounts.add(String.format(Locale.ROOT, "ACC-%05d", i));
        }
        Map<String, String> app = new LinkedHashMap<>();
        app.put("quarkus.datasource.jdbc.url", jdbcUrl);
        app.put("quarkus.datasource.username", "postgres");
        application.forEach((key, value) -> app.put("kafka." + key, value));
        app.put("concordia.data-dir", o.workDir().resolve("app").toString());
        app.putAll(o.appProperties());

        Map<String, String> setup = new LinkedHashMap<>(app);
        setup.put("concordia.ingest.enabled", "false");
        try (ConcordiaProcess concordia = ConcordiaProcess.start(
                o.appJar(), o.appJvmOptions(), setup, o.workDir().resolve("app-setup.log"))) {
            setUpReferenceData(concordia, accounts);
        }
        log(
                "reference data: 3 venues listing %s, %d accounts of %d members",
                VenueSimulator.PRODUCT, accounts.size(), members(accounts));

        VenueSimulator throughputTrades = TradeStream.simulator(accounts, 1, o.trades(), "tp-", Instant.now());
        KafkaVenuePublisher.prepareTopics(venue, throughputTrades.topics(), o.partitions());
        TradeStream.Published published = TradeStream.publishAll(venue, throughputTrades);
        log("published %,d trades in %.1f s", o.trades(), published.elapsed().toMillis() / 1e3);

        List<TopicPartition> partitions = new ArrayList<>();
        for (VenueSpec v : VenueSpec.DEFAULTS) {
            for (int p = 0; p < o.partitions(); p++) {
                partitions.add(new TopicPartition("trades." + v.code(), p));
            }
        }
        Baselines.Rate bareConsumer = Baselines.drain(application, partitions, o.trades());
        log("(a) bare consumer: %,.0f records/s", bareConsumer.perSecond());

        Baselines.Rate bareCopy;
        Baselines.Rate indexedCopy;
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            List<byte[]> rows = Baselines.inboxRows(
                    throughputTrades,
                    published,
                    ids(c, "SELECT code, id FROM venue"),
                    ids(c, "SELECT symbol, id FROM product").get(VenueSimulator.PRODUCT),
                    ids(c, "SELECT code, id FROM account"));
            try (var st = c.createStatement()) {
                st.execute("CREATE TABLE copy_bare (LIKE trade_inbox INCLUDING DEFAULTS EXCLUDING CONSTRAINTS)");
                st.execute("ALTER TABLE copy_bare DROP COLUMN id");
                st.execute("CREATE TABLE copy_indexed (LIKE trade_inbox INCLUDING ALL)");
                st.execute("CHECKPOINT");
            }
            bareCopy = Baselines.copy(c, "copy_bare", rows, o.trades());
            log("(b) bare COPY: %,.0f rows/s", bareCopy.perSecond());
            try (var st = c.createStatement()) {
                st.execute("CHECKPOINT");
            }
            indexedCopy = Baselines.copy(c, "copy_indexed", rows, o.trades());
            log(
                    "(b2) COPY into a copy of trade_inbox with its keys and indexes: %,.0f rows/s",
                    indexedCopy.perSecond());
            try (var st = c.createStatement()) {
                st.execute("DROP TABLE copy_bare");
                st.execute("DROP TABLE copy_indexed");
                st.execute("CHECKPOINT");
            }
        }

        List<ConnectSink.Result> peer = new ArrayList<>();
        if (o.peer()) {
            List<String> topics =
                    partitions.stream().map(TopicPartition::topic).distinct().toList();
            try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
                for (ConnectSink.Mode mode : ConnectSink.Mode.values()) {
                    ConnectSink.Result r = ConnectSink.run(
                            mode, c, application, topics, jdbcUrl, o.trades(), o.workDir(), brokerPid, postmaster);
                    peer.add(r);
                    log(
                            "(d) Debezium JDBC sink, %s: %,.0f rows/s first to last commit, %,.0f rows/s from Connect's start (%.1f s)",
                            mode.insertMode(),
                            r.commits().perSecond(),
                            r.fromStartPerSecond(),
                            r.startToAll().toMillis() / 1e3);
                    try (var st = c.createStatement()) {
                        st.execute("DROP TABLE " + mode.table());
                        st.execute("CHECKPOINT");
                    }
                }
            }
        }

        if (o.statements() > 0) {
            Statements.reset(jdbcUrl);
        }
        long appStart = System.nanoTime();
        try (ConcordiaProcess concordia = ConcordiaProcess.start(
                        o.appJar(), o.appJvmOptions(), app, o.workDir().resolve("app.log"));
                Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
            ResourceSampler sampler =
                    new ResourceSampler(concordia.pid(), brokerPid, postmaster, concordia::heapUsedBytes);
            awaitOffsets(c, concordia, o.trades(), Duration.ofMinutes(15));
            ResourceSampler.Usage concordiaUsage = sampler.usage();
            if (o.statements() > 0) {
                log(
                        "(c) PostgreSQL's statements by time, the application's start to its last commit:%n%s",
                        Statements.top(c, o.statements()));
            }
            Duration appStartToDone = Duration.ofNanos(System.nanoTime() - appStart);
            Commits.Throughput concordiaRate = Commits.throughput(Commits.batches(c, "tp-"));
            check(c, o.trades());
            log(
                    "(c) Concordia: %,.0f trades/s (%,.0f after the first 10 %%), %d batches",
                    concordiaRate.perSecond(), concordiaRate.steadyPerSecond(), concordiaRate.batches());

            Thread.sleep(2_000);
            long idleRss = ProcStats.rssBytes(concordia.pid());
            // The first seconds at a steady rate compile new paths in every JVM on the machine (the paced publisher,
            // the broker's small appends, the application's small batches): measured, they are a start-up cost.
            int warmupTrades = o.rate() * o.warmupSeconds();
            if (warmupTrades > 0) {
                TradeStream.publishPaced(
                        venue, TradeStream.simulator(accounts, 3, warmupTrades, "warm-", Instant.now()), o.rate());
                awaitOffsets(c, concordia, (long) o.trades() + warmupTrades, Duration.ofMinutes(5));
                log("warm-up: %,d trades at %,d trades/s applied", warmupTrades, o.rate());
            }
            int latencyTrades = o.rate() * o.latencySeconds();
            VenueSimulator steady = TradeStream.simulator(accounts, 2, latencyTrades, "lat-", Instant.now());
            ResourceSampler latencySampler =
                    new ResourceSampler(concordia.pid(), brokerPid, postmaster, concordia::heapUsedBytes);
            long publishStart = System.nanoTime();
            Map<String, Long> sent = TradeStream.publishPaced(venue, steady, o.rate());
            double offered = latencyTrades / ((System.nanoTime() - publishStart) / 1e9);
            awaitOffsets(c, concordia, (long) o.trades() + warmupTrades + latencyTrades, Duration.ofMinutes(5));
            ResourceSampler.Usage latencyUsage = latencySampler.usage();
            Map<String, Long> committed = Commits.commitMicros(c, "lat-");
            if (committed.size() != latencyTrades) {
                throw new IllegalStateException(
                        committed.size() + " of " + latencyTrades + " steady trades in the inbox");
            }
            long[] micros = new long[latencyTrades];
            int i = 0;
            for (Map.Entry<String, Long> e : sent.entrySet()) {
                micros[i++] = committed.get(e.getKey()) - e.getValue();
            }
            Latencies latency = Latencies.ofMicros(micros);
            int latencyBatches = Commits.batches(c, "lat-").size();
            log(
                    "latency at %,.0f trades/s: p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                    offered, latency.p50Millis(), latency.p99Millis(), latency.maxMillis());
            return new Results(
                    published.elapsed(),
                    bareConsumer,
                    bareCopy,
                    indexedCopy,
                    peer,
                    concordiaRate,
                    concordiaUsage,
                    appStartToDone,
                    latency,
                    latencyTrades,
                    offered,
                    latencyBatches,
                    latencyUsage,
                    idleRss);
        }
    }

    private static void setUpReferenceData(ConcordiaProcess concordia, List<String> accounts) {
        concordia.adminPost(
                "/api/v1/admin/products",
                json("symbol", VenueSimulator.PRODUCT, "underlying", VenueSimulator.UNDERLYING, "kind", "PERPETUAL"));
        for (VenueSpec v : VenueSpec.DEFAULTS) {
            concordia.adminPost("/api/v1/admin/venues", json("code", v.code(), "name", "Simulated " + v.code()));
            concordia.adminPost(
                    "/api/v1/admin/venues/" + v.code() + "/instruments",
                    json(
                            "symbol",
                            v.symbol(),
                            "product",
                            VenueSimulator.PRODUCT,
                            "contractSize",
                            v.contractSize().toPlainString()));
        }
        for (int i = 0; i < accounts.size(); i++) {
            String member = member(i);
            if (i % 10 == 0) {
                concordia.adminPost("/api/v1/admin/members", json("code", member, "name", "Member " + member));
            }
            concordia.adminPost(
                    "/api/v1/admin/members/" + member + "/accounts",
                    json("code", accounts.get(i), "mode", "CROSS", "type", i % 10 == 0 ? "HOUSE" : "CLIENT"));
        }
    }

    /** Ten accounts a member. */
    private static String member(int accountIndex) {
        return String.format(Locale.ROOT, "MEM-%04d", accountIndex / 10 + 1);
    }

    private static int members(List<String> accounts) {
        return (accounts.size() + 9) / 10;
    }

    private static String json(String... keyValues) {
        StringBuilder b = new StringBuilder("{");
        for (int i = 0; i < keyValues.length; i += 2) {
            b.append(i == 0 ? "" : ",")
                    .append('"')
                    .append(keyValues[i])
                    .append("\":\"")
                    .append(keyValues[i + 1])
                    .append('"');
        }
        return b.append('}').toString();
    }

    private static Map<String, Long> ids(Connection c, String sql) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (var st = c.createStatement();
                var rs = st.executeQuery(sql)) {
            while (rs.next()) {
                ids.put(rs.getString(1), rs.getLong(2));
            }
        }
        return ids;
    }

    /** Waits until the application's stored offsets account for {@code records} trade records. */
    private static void awaitOffsets(Connection c, ConcordiaProcess concordia, long records, Duration within)
            throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        try (var st = c.prepareStatement(
                "SELECT coalesce(sum(next_offset), 0) FROM consumer_offset WHERE consumer_group = ? AND topic ~ ?")) {
            st.setString(1, GROUP);
            st.setString(2, TRADE_TOPICS);
            while (true) {
                long stored;
                try (var rs = st.executeQuery()) {
                    rs.next();
                    stored = rs.getLong(1);
                }
                if (stored >= records) {
                    return;
                }
                if (!concordia.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the application applied " + stored + " of " + records
                            + " records:\n" + concordia.logTail());
                }
                Thread.sleep(20);
            }
        }
    }

    /** The run counts only if it was right: every trade once, none dead-lettered, positions netting to zero. */
    private static void check(Connection c, long trades) throws SQLException {
        try (var st = c.createStatement()) {
            long[] counts = new long[3];
            String[] sql = {
                "SELECT count(*) FROM trade_inbox",
                "SELECT count(*) FROM dead_letter",
                "SELECT count(*) FROM (SELECT product_id FROM position GROUP BY product_id HAVING sum(quantity) <> 0) x"
            };
            for (int i = 0; i < 3; i++) {
                try (var rs = st.executeQuery(sql[i])) {
                    rs.next();
                    counts[i] = rs.getLong(1);
                }
            }
            if (counts[0] != trades || counts[1] != 0 || counts[2] != 0) {
                throw new IllegalStateException(
                        "wrong result: " + counts[0] + " trades in the inbox (expected " + trades + "), " + counts[1]
                                + " dead letters, " + counts[2] + " products whose positions do not sum to zero");
            }
        }
    }

    private static void report(BenchOptions o, Instant startedAt, String loadAtStart, Results r) {
        double copy = r.bareCopy().perSecond();
        double consumer = r.bareConsumer().perSecond();
        double concordia = r.concordia().perSecond();
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%nConcordia ingest benchmark, %s, %d cores, Java %s; load average %s at the start, %s at the end%n",
                startedAt.truncatedTo(ChronoUnit.SECONDS),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"),
                loadAtStart,
                ProcStats.loadAverage()));
        b.append(String.format(
                Locale.ROOT,
                "%,d trades on trades.venue-a/b/c (%d partitions each) between %,d accounts; "
                        + "PostgreSQL 17 synchronous_commit=%s; Kafka 4.4 broker; published in %.1f s%n%n",
                o.trades(),
                o.partitions(),
                o.accounts(),
                o.synchronousCommit(),
                r.publish().toMillis() / 1e3));
        // The peer's rates as the application's are taken: first to last commit, the first transaction excluded.
        double[] peers =
                r.peer().stream().mapToDouble(p -> p.commits().perSecond()).toArray();
        b.append("| path | per second | vs bare COPY | vs bare consumer |");
        r.peer()
                .forEach(p ->
                        b.append(" vs Debezium ").append(p.mode().insertMode()).append(" |"));
        b.append("\n|---|---:|---:|---:|").append("---:|".repeat(peers.length)).append('\n');
        row(b, "(a) bare consumer draining the trade topics (records)", consumer, copy, consumer, peers);
        row(b, "(b) bare COPY of the same inbox rows into a table without keys (rows)", copy, copy, consumer, peers);
        row(
                b,
                "(b2) COPY into a copy of trade_inbox with its keys and indexes (rows)",
                r.indexedCopy().perSecond(),
                copy,
                consumer,
                peers);
        for (ConnectSink.Result p : r.peer()) {
            row(
                    b,
                    "(d) Debezium JDBC sink, " + p.mode().insertMode() + ", first to last commit (rows)",
                    p.commits().perSecond(),
                    copy,
                    consumer,
                    peers);
            row(b, "(d) the same from Connect's start to the last row", p.fromStartPerSecond(), copy, consumer, peers);
        }
        row(b, "(c) Concordia: committed to inbox + positions + offsets (trades)", concordia, copy, consumer, peers);
        row(
                b,
                "(c) the same after the first 10 % of the trades",
                r.concordia().steadyPerSecond(),
                copy,
                consumer,
                peers);
        for (ConnectSink.Result p : r.peer()) {
            b.append(String.format(
                    Locale.ROOT,
                    "%nConcordia / Debezium JDBC sink %s: %.2f (first to last commit; %,.0f vs %,.0f a second); "
                            + "%.2f counting each from its process's start (%.1f s vs %.1f s)",
                    p.mode().insertMode(),
                    concordia / p.commits().perSecond(),
                    concordia,
                    p.commits().perSecond(),
                    (o.trades() / (r.appStartToDone().toNanos() / 1e9)) / p.fromStartPerSecond(),
                    r.appStartToDone().toMillis() / 1e3,
                    p.startToAll().toMillis() / 1e3));
        }
        if (!r.peer().isEmpty()) {
            b.append('\n');
        }
        for (ConnectSink.Result p : r.peer()) {
            String phase = "(d) " + p.mode().insertMode() + ", first row to last,";
            b.append(usage(phase, "Kafka Connect", p.usage()));
            b.append(String.format(
                    Locale.ROOT,
                    "%s CPU a row: Kafka Connect %.1f us, PostgreSQL %.1f us, broker %.1f us%n",
                    phase,
                    1e6 * p.usage().appCpu() / p.rows(),
                    1e6 * p.usage().postgresCpu() / p.rows(),
                    1e6 * p.usage().brokerCpu() / p.rows()));
        }
        b.append(String.format(
                Locale.ROOT,
                "%n(c) %,d trades in %d transactions (%,.0f a batch), first to last commit %.2f s; "
                        + "application start to the last commit %.1f s%n",
                r.concordia().trades(),
                r.concordia().batches(),
                (double) r.concordia().trades() / r.concordia().batches(),
                r.concordia().firstToLast().toMillis() / 1e3,
                r.appStartToDone().toMillis() / 1e3));
        b.append(usage("(c)", "the application", r.concordiaUsage()));
        b.append(String.format(
                Locale.ROOT,
                "(c) CPU a trade: application %.1f us, PostgreSQL %.1f us, broker %.1f us%n",
                1e6 * r.concordiaUsage().appCpu() / r.concordia().trades(),
                1e6 * r.concordiaUsage().postgresCpu() / r.concordia().trades(),
                1e6 * r.concordiaUsage().brokerCpu() / r.concordia().trades()));
        b.append(String.format(
                Locale.ROOT,
                "%nlatency, trade handed to the producer -> its batch committed, at %,.0f trades/s for %d s after %d s "
                        + "of warm-up at that rate (%,d trades, %,d transactions):%n"
                        + "  p50 %.1f ms   p99 %.1f ms   p99.9 %.1f ms   max %.1f ms%n",
                r.offeredRate(),
                o.latencySeconds(),
                o.warmupSeconds(),
                r.latencyTrades(),
                r.latencyBatches(),
                r.latency().p50Millis(),
                r.latency().p99Millis(),
                r.latency().p999Millis(),
                r.latency().maxMillis()));
        b.append(usage("steady run", "the application", r.latencyUsage()));
        b.append(String.format(Locale.ROOT, "application RSS when idle between the runs: %s%n", mib(r.idleRss())));
        System.out.print(b);
    }

    private static void row(
            StringBuilder b, String what, double perSecond, double copy, double consumer, double[] peers) {
        b.append(String.format(
                Locale.ROOT,
                "| %s | %,.0f | %.1f %% | %.1f %% |",
                what,
                perSecond,
                100 * perSecond / copy,
                100 * perSecond / consumer));
        for (double peer : peers) {
            b.append(String.format(Locale.ROOT, " %.2f x |", perSecond / peer));
        }
        b.append('\n');
    }

    private static String usage(String phase, String process, ResourceSampler.Usage u) {
        return String.format(
                Locale.ROOT,
                "%s memory of %s: RSS max %s, mean %s; heap in use max %s%n"
                        + "%s CPU over %.1f s (core-seconds): %s %.1f, broker %.1f, PostgreSQL %.1f, this harness %.1f, "
                        + "whole machine %.1f of %.1f%n",
                phase,
                process,
                mib(u.rssMaxBytes()),
                mib(u.rssMeanBytes()),
                mib(u.heapMaxBytes()),
                phase,
                u.seconds(),
                process,
                u.appCpu(),
                u.brokerCpu(),
                u.postgresCpu(),
                u.harnessCpu(),
                u.machineCpu(),
                u.seconds() * Runtime.getRuntime().availableProcessors());
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "n/a" : String.format(Locale.ROOT, "%,d MiB", bytes >> 20);
    }

    private static void log(String format, Object... args) {
        System.out.printf(
                Locale.ROOT,
                "[%s] %s%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                String.format(Locale.ROOT, format, args));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
