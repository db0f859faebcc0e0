package io.concordia.faults;

import io.concordia.bench.ingest.ConcordiaProcess;
import io.concordia.clearing.embedded.JwtKeys;
import io.concordia.kafka.embedded.BrokerCredentials;
import io.concordia.kafka.embedded.BrokerSettings;
import io.concordia.kafka.embedded.EmbeddedKafkaCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * Everything the harness runs on this machine: one PostgreSQL, a KRaft cluster of three brokers (replication factor
 * 3, {@code min.insync.replicas} 2) and N instances of the packaged application, each a child JVM of its own on its
 * own HTTP port, all in one consumer group. Their embedded servers are off (the datasource and the brokers are
 * configured), and they all start at once, on an empty database.
 *
 * <p>They share one JWT key pair, so that a token works on all of them, and nothing else on disk. The harness writes
 * the pair ({@code app/jwt}, with the application's own {@link JwtKeys}) and configures it: an instance that finds no key configured generates a pair in its data
 * folder unless one is there already, and two starting at once on one folder would each generate one and overwrite
 * the other's. Each instance has a data folder of its own ({@code app/instance-<n>}), where it writes its operator
 * token at every start: on one shared folder, two starts at once write the same file through the same temporary file.
 * The schema needs nothing: Flyway migrates under a PostgreSQL advisory lock, so the instance that gets the lock
 * second finds the schema migrated.
 */
final class Deployment implements AutoCloseable {

    static final String TRADE_GROUP = "concordia";
    static final String CONFIRMATION_GROUP = "concordia-settlement";
    static final String CONFIRMATIONS = "settlement-confirmations";
    private static final Pattern TRADE_TOPIC = Pattern.compile("trades\\.(?!dlq$).+");

    final HarnessOptions options;
    final Database database;
    final EmbeddedKafkaCluster kafka;
    final DiskFullFault diskFull;
    private final Map<String, String> appProperties;
    private final ConcordiaProcess[] instances;
    private final int[] starts;

    private Deployment(HarnessOptions options, Database database, EmbeddedKafkaCluster kafka, DiskFullFault diskFull) {
        this.options = options;
        this.database = database;
        this.kafka = kafka;
        this.diskFull = diskFull;
        this.instances = new ConcordiaProcess[options.instances()];
        this.starts = new int[options.instances()];
        Map<String, String> app = new LinkedHashMap<>();
        app.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        app.put("quarkus.datasource.username", Database.USER);
        kafka.clientProperties(BrokerCredentials.APPLICATION).forEach((key, value) -> app.put("kafka." + key, value));
        // one key pair for every instance, written before any of them starts (the class comment says why)
        JwtKeys keys = JwtKeys.inFolder(options.workDir().resolve("app").resolve("jwt"));
        app.put("mp.jwt.verify.publickey.location", keys.publicKey().toUri().toString());
        app.put("smallrye.jwt.sign.key.location", keys.privateKey().toUri().toString());
        app.put("concordia.settlement.cron", "off");
        app.put("concordia.backtest.cron", "off");
        app.put("concordia.ingest.max-poll-records", "500");
        app.put("quarkus.log.level", "INFO");
        app.putAll(options.appProperties());
        this.appProperties = Map.copyOf(app);
    }

    /** Starts the database and the brokers; no instance yet. */
    static Deployment start(HarnessOptions options) {
        Database database = Database.create(options.workDir().resolve("postgres"));
        DiskFullFault diskFull = DiskFullFault.prepare(options.workDir()
                .resolve("kafka")
                .resolve("node-" + DiskFullFault.NODE)
                .resolve("kraft"));
        BrokerSettings brokers = BrokerSettings.of(options.workDir().resolve("kafka"))
                .withMaxHeap("384m")
                .withPartitions(options.partitions())
                // a lost broker is noticed within seconds, not the default 9 s of broker session
                .withBrokerProperty("broker.session.timeout.ms", "6000")
                .withBrokerProperty("broker.heartbeat.interval.ms", "1000");
        if (options.lean()) {
            // C1 only; the broker's launcher chooses G1 itself, and a second collector would stop its JVM from starting
            brokers = brokers.withJvmOption("-XX:TieredStopAtLevel=1");
        }
        EmbeddedKafkaCluster kafka =
                EmbeddedKafkaCluster.start(options.workDir().resolve("kafka"), 3, brokers);
        return new Deployment(options, database, kafka, diskFull);
    }

    /** Starts every instance at once and returns once all are ready (or, when one fails, all are done starting). */
    void startAll() {
        List<CompletableFuture<Void>> starting = new ArrayList<>();
        for (int i = 1; i <= instances.length; i++) {
            int n = i;
            // a thread each: a start blocks for most of a minute, and the common pool may have fewer threads
            starting.add(CompletableFuture.runAsync(
                    () -> startInstance(n), task -> new Thread(task, "start-instance-" + n).start()));
        }
        CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
    }

    /** Starts instance {@code n} (1-based) and returns once it is ready. */
    void startInstance(int n) {
        int start = ++starts[n - 1];
        // ConcordiaProcess reads the operator token from <concordia.data-dir>/operator.jwt; with the keys configured,
        // the application writes it only where concordia.embedded.operator-token-file says
        Path dataDir = options.workDir().resolve("app").resolve("instance-" + n);
        Map<String, String> properties = new HashMap<>(appProperties);
        properties.put("concordia.data-dir", dataDir.toString());
        properties.put(
                "concordia.embedded.operator-token-file",
                dataDir.resolve("operator.jwt").toString());
        ConcordiaProcess p = ConcordiaProcess.start(
                options.appJar(),
                options.appJvmOptions(),
                properties,
                options.workDir().resolve("logs").resolve("app-" + n + "-" + start + ".log"));
        synchronized (this) {
            instances[n - 1] = p;
        }
    }

    synchronized ConcordiaProcess instance(int n) {
        return instances[n - 1];
    }

    int instanceCount() {
        return instances.length;
    }

    /** A running instance to send a request to, chosen by {@code pick}. */
    synchronized ConcordiaProcess anyInstance(int pick) {
        for (int i = 0; i < instances.length; i++) {
            ConcordiaProcess p = instances[Math.floorMod(pick + i, instances.length)];
            if (p != null && p.isAlive()) {
                return p;
            }
        }
        throw new IllegalStateException("no instance is running");
    }

    /** SIGKILL of instance {@code n}. */
    void killInstance(int n) {
        ConcordiaProcess p;
        synchronized (this) {
            p = instances[n - 1];
            instances[n - 1] = null;
        }
        if (p != null) {
            p.kill();
        }
    }

    /** Whether every instance runs and answers ready. */
    boolean allReady() {
        for (int i = 1; i <= instances.length; i++) {
            ConcordiaProcess p = instance(i);
            if (p == null || !p.isAlive() || !p.ready()) {
                return false;
            }
        }
        return true;
    }

    /** Application properties plus a connection for clients of the harness (the publisher's login). */
    Map<String, Object> publisherLogin() {
        return new HashMap<>(kafka.clientProperties(BrokerCredentials.PUBLISHER));
    }

    /** The end offset of every partition of the trade topics and of the confirmations topic. */
    Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = Admin.create(publisherLogin())) {
            List<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(t -> TRADE_TOPIC.matcher(t).matches() || t.equals(CONFIRMATIONS))
                    .toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(topics)
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((topic, d) -> d.partitions()
                            .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, Long> ends = new HashMap<>();
            admin.listOffsets(latest)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((tp, info) -> ends.put(tp, info.offset()));
            return ends;
        }
    }

    /**
     * Records of {@code ends} not yet applied: for each partition, its end offset minus the next offset stored in
     * PostgreSQL for its consumer group (trades or confirmations).
     */
    long lag(Map<TopicPartition, Long> ends) throws SQLException {
        Map<TopicPartition, Long> stored = new HashMap<>();
        try (Connection c = database.connect();
                var st = c.prepareStatement(
                        "SELECT topic, kafka_partition, next_offset FROM consumer_offset WHERE consumer_group IN (?, ?)")) {
            st.setString(1, TRADE_GROUP);
            st.setString(2, CONFIRMATION_GROUP);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    stored.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            lag += Math.max(0, e.getValue() - stored.getOrDefault(e.getKey(), 0L));
        }
        return lag;
    }

    /**
     * Waits until every instance is ready, then until they have applied everything published up to that moment.
     *
     * @return how long each took, from the call
     * @throws IllegalStateException after {@code within}
     */
    Recovery awaitRecovered(Duration within) throws Exception {
        long start = System.nanoTime();
        long deadline = start + within.toNanos();
        while (!allReady()) {
            check(deadline, "every instance ready");
            Thread.sleep(200);
        }
        Duration ready = Duration.ofNanos(System.nanoTime() - start);
        Map<TopicPartition, Long> ends = endOffsetsRetrying(deadline);
        while (lag(ends) > 0) {
            check(deadline, "lag zero (" + lag(ends) + " records behind)");
            Thread.sleep(200);
        }
        return new Recovery(ready, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Time until every instance was ready, and until the lag was zero. */
    record Recovery(Duration ready, Duration caughtUp) {}

    private Map<TopicPartition, Long> endOffsetsRetrying(long deadline) throws Exception {
        while (true) {
            try {
                return endOffsets();
            } catch (Exception e) {
                check(deadline, "end offsets readable: " + e);
                Thread.sleep(500);
            }
        }
    }

    private void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            StringBuilder tails = new StringBuilder();
            for (int i = 1; i <= instances.length; i++) {
                ConcordiaProcess p = instance(i);
                tails.append("\n--- instance ")
                        .append(i)
                        .append(p == null ? " down" : (p.isAlive() ? "" : " exited") + "\n" + p.logTail());
            }
            throw new IllegalStateException("not recovered: " + what + tails);
        }
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (int i = 0; i < instances.length; i++) {
            ConcordiaProcess p = instances[i];
            if (p != null) {
                // a paused instance ignores SIGTERM until continued
                Processes.signal(p.pid(), "CONT");
                stopping.add(CompletableFuture.runAsync(p::close));
            }
        }
        stopping.forEach(CompletableFuture::join);
        kafka.close();
        database.close();
        diskFull.release();
    }

    Path logDir() {
        return options.workDir().resolve("logs");
    }
}
