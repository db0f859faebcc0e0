package io.concordia.clearing.trade;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.embedded.EmbeddedDatabase;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.IngestInvariants;
import io.concordia.clearing.support.PackagedApplication;
import io.concordia.kafka.embedded.BrokerCredentials;
import io.concordia.kafka.embedded.EmbeddedKafkaBroker;
import io.concordia.simulator.KafkaVenuePublisher;
import io.concordia.simulator.SimulationOptions;
import io.concordia.simulator.TradeRecord;
import io.concordia.simulator.VenueRecord;
import io.concordia.simulator.VenueSimulator;
import io.concordia.simulator.VenueSpec;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * I4 and I5 across crashes: the packaged application, in a process of its own against a real PostgreSQL and a real
 * broker, is killed with SIGKILL twice while a seeded stream of simulated venue trades (with redeliveries and
 * records that can never succeed mixed in) is being ingested, and restarted each time. It must end with exactly
 * the trades sent: each applied once, every offset accounted for, positions netting to zero and equal to a recount.
 *
 * <p>The first kill lands while the stream is live (small batches), the second while the restarted application
 * catches up on what was published while it was down (full batches of {@code max-poll-records}).
 */
class KillAndRestartIT {

    private static final long SEED = 20261125;
    private static final int TRADES = 40_000;
    private static final int PARTITIONS = 4;
    private static final double RECORDS_PER_SECOND = 5_000;
    private static final String GROUP = "concordia";
    private static final List<String> ACCOUNTS =
            List.of("ACME-H1", "ACME-C1", "BETA-H1", "BETA-C1", "GAMMA-H1", "GAMMA-C1");
    private static final Duration START_WITHIN = Duration.ofSeconds(90);

    private static Path root;
    private static boolean passed;
    private static EmbeddedDatabase database;
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startServers() throws Exception {
        root = Files.createTempDirectory("kill-and-restart");
        database = EmbeddedDatabase.start(root.resolve("postgres"), 0, false);
        broker = EmbeddedKafkaBroker.start(root.resolve("kafka"), 0);
    }

    @AfterAll
    static void stopServers() throws java.io.IOException {
        if (broker != null) {
            broker.stop();
        }
        if (database != null) {
            database.close();
        }
        if (passed) {
            deleteTree(root); // kept after a failure, with the application's logs
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Test
    void shouldEndWithExactlyTheTradesSentWhenKilledTwiceMidStream() throws Exception {
        MixedStream stream = MixedStream.generate(new Random(SEED));
        Map<String, String> venue = broker.clientProperties(BrokerCredentials.PUBLISHER);
        KafkaVenuePublisher.prepareTopics(venue, stream.simulator.topics(), PARTITIONS);
        Map<String, String> config = new HashMap<>(database.applicationConfig());
        broker.clientProperties(BrokerCredentials.APPLICATION)
                .forEach((key, value) -> config.put("kafka." + key, value));
        config.put("concordia.data-dir", root.resolve("app").toString());

        PackagedApplication first = PackagedApplication.start(config, root.resolve("app-1.log"), START_WITHIN);
        Publisher publisher;
        long firstKill;
        try {
            setUpReferenceData(first);
            publisher = Publisher.start(venue, stream.records);
            awaitApplied(first, TRADES / 4);
        } finally {
            first.kill();
        }
        firstKill = applied();
        assertThat(firstKill)
                .as("trades applied when the first SIGKILL landed, while the stream was live")
                .isGreaterThanOrEqualTo(TRADES / 4)
                .isLessThan(TRADES);

        long secondKill;
        PackagedApplication second = PackagedApplication.start(config, root.resolve("app-2.log"), START_WITHIN);
        try {
            awaitApplied(second, firstKill + TRADES / 10);
        } finally {
            second.kill();
        }
        secondKill = applied();
        assertThat(secondKill)
                .as("trades applied when the second SIGKILL landed, while catching up")
                .isGreaterThan(firstKill)
                .isLessThan(TRADES);

        try (PackagedApplication third = PackagedApplication.start(config, root.resolve("app-3.log"), START_WITHIN)) {
            Map<String, Long> published = publisher.await();
            long tradeRecords = published.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("trades."))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            assertThat(tradeRecords).isEqualTo(stream.tradeTopicRecords);
            Eventually.within(Duration.ofSeconds(90), "every trade record consumed after the restart", () -> {
                assertThat(third.isAlive())
                        .as("the application is running:\n%s", third.logTail(30))
                        .isTrue();
                return count(
                                "SELECT coalesce(sum(next_offset), 0) FROM consumer_offset WHERE consumer_group = ? AND topic ~ ?",
                                GROUP,
                                IngestInvariants.ALL_TRADE_TOPICS)
                        == tradeRecords;
            });

            try (Connection c = connect()) {
                assertThat(count("SELECT count(*) FROM trade_inbox"))
                        .as("inbox trades = distinct valid trades sent")
                        .isEqualTo(TRADES);
                assertThat(count("SELECT count(*) FROM trade_duplicate"))
                        .as("counted redeliveries")
                        .isEqualTo(stream.redeliveries);
                assertThat(deadLettersByReason()).as("dead letters by reason").isEqualTo(stream.deadLetters);
                IngestInvariants.assertHold(c, GROUP, IngestInvariants.ALL_TRADE_TOPICS, null);
                assertThat(positions())
                        .as("positions = the net of the trades sent, per account")
                        .isEqualTo(stream.expectedPositions());
            }
            System.out.printf(
                    "kill -9 test: %d trades + %d redeliveries + %d bad records on %d trade partitions; "
                            + "first SIGKILL at %d trades applied, second at %d; after the last restart: %d trades, positions net to zero%n",
                    TRADES,
                    stream.redeliveries,
                    stream.deadLetters.values().stream()
                            .mapToLong(Long::longValue)
                            .sum(),
                    3 * PARTITIONS,
                    firstKill,
                    secondKill,
                    applied());
        }
        passed = true;
    }

    private static void setUpReferenceData(PackagedApplication app) throws Exception {
        String token =
                Files.readString(root.resolve("app").resolve("operator.jwt")).trim();
        RequestSpecification operator =
                given().baseUri(app.url()).auth().oauth2(token).contentType(ContentType.JSON);
        operator.body(Map.of(
                        "symbol", VenueSimulator.PRODUCT, "underlying", VenueSimulator.UNDERLYING, "kind", "PERPETUAL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201);
        for (VenueSpec v : VenueSpec.DEFAULTS) {
            given().spec(operator)
                    .body(Map.of("code", v.code(), "name", "Simulated " + v.code()))
                    .post("/api/v1/admin/venues")
                    .then()
                    .statusCode(201);
            given().spec(operator)
                    .body(Map.of(
                            "symbol",
                            v.symbol(),
                            "product",
                            VenueSimulator.PRODUCT,
                            "contractSize",
                            v.contractSize().toPlainString()))
                    .post("/api/v1/admin/venues/{v}/instruments", v.code())
                    .then()
                    .statusCode(201);
        }
        for (String account : ACCOUNTS) {
            String member = account.substring(0, account.indexOf('-'));
            if (account.endsWith("-H1")) {
                given().spec(operator)
                        .body(Map.of("code", member, "name", member))
                        .post("/api/v1/admin/members")
                        .then()
                        .statusCode(201);
            }
            given().spec(operator)
                    .body(Map.of(
                            "code", account, "mode", "CROSS", "type", account.endsWith("-H1") ? "HOUSE" : "CLIENT"))
                    .post("/api/v1/admin/members/{m}/accounts", member)
                    .then()
                    .statusCode(201);
        }
    }

    private static void awaitApplied(PackagedApplication app, long trades) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (applied() < trades) {
            if (!app.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError(
                        "the application did not apply " + trades + " trades (" + applied() + "):\n" + app.logTail(30));
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    private static long applied() {
        return count("SELECT count(*) FROM trade_inbox");
    }

    private static Map<String, Long> deadLettersByReason() {
        Map<String, Long> reasons = new TreeMap<>();
        try (Connection c = connect();
                var rs = c.createStatement().executeQuery("SELECT reason, count(*) FROM dead_letter GROUP BY reason")) {
            while (rs.next()) {
                reasons.put(rs.getString(1), rs.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return reasons;
    }

    private static Map<String, BigDecimal> positions() {
        Map<String, BigDecimal> positions = new TreeMap<>();
        try (Connection c = connect();
                var rs = c.createStatement().executeQuery("""
                SELECT a.code, p.quantity FROM position p JOIN account a ON a.id = p.account_id
                  JOIN product pr ON pr.id = p.product_id WHERE pr.symbol = '%s'""".formatted(VenueSimulator.PRODUCT))) {
            while (rs.next()) {
                positions.put(rs.getString(1), rs.getBigDecimal(2).stripTrailingZeros());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return positions;
    }

    private static long count(String sql, Object... args) {
        try (Connection c = connect();
                var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Connection connect() throws SQLException {
        return database.connect(database.owner());
    }

    /**
     * The records to publish, in order: the simulator's trades and marks, and after some trades either an exact
     * redelivery of an earlier trade or a record that can never succeed. Knows what the database must end with.
     */
    private static final class MixedStream {
        final VenueSimulator simulator;
        final List<ProducerRecord<String, String>> records = new ArrayList<>();
        final List<TradeRecord> trades = new ArrayList<>();
        final Map<String, Long> deadLetters = new TreeMap<>();
        long redeliveries;
        long tradeTopicRecords;

        private MixedStream(VenueSimulator simulator) {
            this.simulator = simulator;
        }

        static MixedStream generate(Random random) {
            MixedStream s = new MixedStream(VenueSimulator.bitstamp(
                    VenueSpec.DEFAULTS,
                    ACCOUNTS,
                    SimulationOptions.of(SEED, TRADES, Instant.now()).withIdPrefix("k-")));
            int bad = 0;
            for (VenueRecord r : s.simulator) {
                s.add(r.topic(), r.key(), r.toJson());
                if (!(r instanceof TradeRecord t)) {
                    continue;
                }
                s.trades.add(t);
                int roll = random.nextInt(1000);
                if (roll < 30) {
                    TradeRecord again = s.trades.get(random.nextInt(s.trades.size()));
                    s.add(again.topic(), again.key(), again.toJson());
                    s.redeliveries++;
                } else if (roll < 40) {
                    s.addBad(t, roll - 30, "bad-" + ++bad, random);
                }
            }
            return s;
        }

        private void addBad(TradeRecord t, int kind, String id, Random random) {
            switch (kind % 5) {
                case 0 -> deadLetter("MALFORMED_JSON", t.topic(), id, "{\"venue\":\"" + t.venue() + "\",\"tradeId\":");
                case 1 ->
                    deadLetter(
                            "UNKNOWN_ACCOUNT",
                            t.topic(),
                            id,
                            new TradeRecord(
                                            t.venue(),
                                            id,
                                            t.symbol(),
                                            t.price(),
                                            t.quantity(),
                                            "NOBODY-1",
                                            t.seller(),
                                            t.executedAt())
                                    .toJson());
                case 2 ->
                    deadLetter(
                            "UNKNOWN_INSTRUMENT",
                            t.topic(),
                            id,
                            new TradeRecord(
                                            t.venue(),
                                            id,
                                            "ETHUSD",
                                            t.price(),
                                            t.quantity(),
                                            t.buyer(),
                                            t.seller(),
                                            t.executedAt())
                                    .toJson());
                case 3 -> {
                    String other = VenueSpec.DEFAULTS
                            .get((VenueSpec.DEFAULTS.indexOf(spec(t.venue())) + 1) % VenueSpec.DEFAULTS.size())
                            .code();
                    deadLetter(
                            "VENUE_MISMATCH",
                            "trades." + other,
                            id,
                            new TradeRecord(
                                            t.venue(),
                                            id,
                                            t.symbol(),
                                            t.price(),
                                            t.quantity(),
                                            t.buyer(),
                                            t.seller(),
                                            t.executedAt())
                                    .toJson());
                }
                default -> {
                    TradeRecord earlier = trades.get(random.nextInt(trades.size()));
                    deadLetter(
                            "CONFLICTING_DUPLICATE",
                            earlier.topic(),
                            earlier.key(),
                            new TradeRecord(
                                            earlier.venue(),
                                            earlier.tradeId(),
                                            earlier.symbol(),
                                            earlier.price(),
                                            earlier.quantity().add(BigDecimal.ONE),
                                            earlier.buyer(),
                                            earlier.seller(),
                                            earlier.executedAt())
                                    .toJson());
                }
            }
        }

        private void deadLetter(String reason, String topic, String key, String value) {
            add(topic, key, value);
            deadLetters.merge(reason, 1L, Long::sum);
        }

        private void add(String topic, String key, String value) {
            records.add(new ProducerRecord<>(topic, key, value));
            if (topic.startsWith("trades.")) {
                tradeTopicRecords++;
            }
        }

        /** Each account's net position in product units: + bought, - sold, venue contracts times contract size. */
        Map<String, BigDecimal> expectedPositions() {
            Map<String, BigDecimal> net = new TreeMap<>();
            for (TradeRecord t : trades) {
                BigDecimal units = t.quantity().multiply(spec(t.venue()).contractSize());
                net.merge(t.buyer(), units, BigDecimal::add);
                net.merge(t.seller(), units.negate(), BigDecimal::add);
            }
            net.replaceAll((account, q) -> q.stripTrailingZeros());
            return net;
        }

        private static VenueSpec spec(String venue) {
            return VenueSpec.DEFAULTS.stream()
                    .filter(v -> v.code().equals(venue))
                    .findFirst()
                    .orElseThrow();
        }
    }

    /** Publishes the stream at a steady rate on a thread of its own, so that the application can die under it. */
    private static final class Publisher {
        private final Thread thread;
        private final Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();
        private final AtomicReference<Exception> failure = new AtomicReference<>();

        private Publisher(Map<String, String> login, List<ProducerRecord<String, String>> records) {
            thread = new Thread(() -> publish(login, records), "kill-test-publisher");
        }

        static Publisher start(Map<String, String> login, List<ProducerRecord<String, String>> records) {
            Publisher p = new Publisher(login, records);
            p.thread.start();
            return p;
        }

        private void publish(Map<String, String> login, List<ProducerRecord<String, String>> records) {
            Properties p = new Properties();
            p.putAll(login);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
                long start = System.nanoTime();
                double nanosPerRecord = 1e9 / RECORDS_PER_SECOND;
                for (int i = 0; i < records.size() && failure.get() == null; i++) {
                    long lead = start + (long) (i * nanosPerRecord) - System.nanoTime();
                    if (lead > 0) {
                        LockSupport.parkNanos(lead);
                    }
                    String topic = records.get(i).topic();
                    producer.send(records.get(i), (metadata, e) -> {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            acknowledged
                                    .computeIfAbsent(topic, x -> new AtomicLong())
                                    .incrementAndGet();
                        }
                    });
                }
                producer.flush();
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
            }
        }

        /** Waits until every record is acknowledged; returns the count per topic. */
        Map<String, Long> await() throws InterruptedException {
            thread.join(Duration.ofMinutes(2).toMillis());
            assertThat(thread.isAlive()).as("publisher still running").isFalse();
            if (failure.get() != null) {
                throw new AssertionError("publishing failed", failure.get());
            }
            Map<String, Long> counts = new HashMap<>();
            acknowledged.forEach((t, n) -> counts.put(t, n.get()));
            return counts;
        }
    }
}
