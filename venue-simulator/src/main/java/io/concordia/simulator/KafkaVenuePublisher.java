package io.concordia.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes venue records to Kafka: each to {@link VenueRecord#topic()} under {@link VenueRecord#key()}, the value
 * being {@link VenueRecord#toJson()} in UTF-8.
 *
 * <p>The producer is idempotent with {@code acks=all} (a retried batch is never written twice, and records of a
 * partition keep their order), batches up to {@value #BATCH_BYTES} bytes after a linger of {@value #LINGER_MS} ms,
 * and compresses with lz4. Measured against the embedded broker (README.md), 1,000,000 trades: lz4 with a 20 ms
 * linger ~390k records/s, no compression ~345k whatever the linger, lz4 with 5 ms ~335k. A paced run that measures
 * latency should pass {@link #LATENCY_OVERRIDES} (5 ms linger): at 10,000 records/s a 20 ms linger is what holds
 * most records back. Any producer property can be overridden.
 *
 * <p>Not thread-safe: one publication at a time.
 */
public final class KafkaVenuePublisher implements AutoCloseable {

    /** Default {@code batch.size}. */
    public static final int BATCH_BYTES = 256 * 1024;

    /** Default {@code linger.ms}: favours throughput. */
    public static final int LINGER_MS = 20;

    /** Overrides for a paced run where latency matters: a 5 ms linger. */
    public static final Map<String, Object> LATENCY_OVERRIDES = Map.of(ProducerConfig.LINGER_MS_CONFIG, 5);

    /** Above this lead over the schedule a paced publication sleeps. */
    private static final long PACING_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final Map<String, Object> config;
    private final KafkaProducer<String, String> producer;

    private KafkaVenuePublisher(Map<String, Object> config) {
        this.config = Map.copyOf(config);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /**
     * A publisher with the default producer settings.
     *
     * @param connection where and how to connect: {@code bootstrap.servers} and the security settings the broker
     *                   requires ({@link KafkaClientProperties#load})
     */
    public static KafkaVenuePublisher create(Map<String, ?> connection) {
        return create(connection, Map.of());
    }

    /**
     * A publisher with the default producer settings, then {@code overrides} (Kafka producer property names, e.g.
     * {@code compression.type=lz4}).
     */
    public static KafkaVenuePublisher create(Map<String, ?> connection, Map<String, ?> overrides) {
        Map<String, Object> config = defaultProducerConfig(connection);
        config.putAll(overrides);
        return new KafkaVenuePublisher(config);
    }

    /** The default producer settings on this connection (a mutable copy). */
    public static Map<String, Object> defaultProducerConfig(Map<String, ?> connection) {
        Map<String, Object> config = new HashMap<>(connection);
        Object bootstrapServers = connection.get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);
        Checks.text("bootstrap.servers", bootstrapServers == null ? null : bootstrapServers.toString(), 4096);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "venue-simulator");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, LINGER_MS);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, BATCH_BYTES);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return config;
    }

    /** The producer settings in use. */
    public Map<String, Object> config() {
        return config;
    }

    /**
     * Publishes all records of {@code simulator} as fast as possible, after {@link #prepareTopics preparing} its
     * topics (created with the broker's default partition count if missing).
     */
    public PublishResult publish(VenueSimulator simulator) {
        return publish(simulator, 0);
    }

    /**
     * Publishes all records of {@code simulator} at {@code recordsPerSecond} (0 = as fast as possible), after
     * {@link #prepareTopics preparing} its topics (created with the broker's default partition count if missing).
     */
    public PublishResult publish(VenueSimulator simulator, double recordsPerSecond) {
        prepareTopics(KafkaClientProperties.connection(config), simulator.topics(), 0);
        return publish(simulator.iterator(), recordsPerSecond);
    }

    /**
     * Publishes all {@code records}, and waits until the broker has acknowledged them. The topics should exist and
     * be ready: see {@link #prepareTopics}.
     *
     * @param recordsPerSecond target rate over trades and prices together; 0 = as fast as possible. The pacing
     *                         keeps record k from being sent before {@code start + k / rate}, so the rate holds on
     *                         average and bursts last at most about a millisecond
     * @throws PublishException if a record could not be delivered; no record is sent after the first failure is
     *                          seen
     */
    public PublishResult publish(Iterator<? extends VenueRecord> records, double recordsPerSecond) {
        if (!(recordsPerSecond >= 0) || Double.isInfinite(recordsPerSecond)) {
            throw new IllegalArgumentException("recordsPerSecond must be >= 0 and finite: " + recordsPerSecond);
        }
        double nanosPerRecord = recordsPerSecond == 0 ? 0 : 1e9 / recordsPerSecond;
        AtomicReference<Exception> failure = new AtomicReference<>();
        AtomicLong trades = new AtomicLong();
        AtomicLong prices = new AtomicLong();
        Map<String, AtomicLong> perTopic = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long sent = 0;
        while (records.hasNext() && failure.get() == null) {
            VenueRecord record = records.next();
            if (nanosPerRecord > 0) {
                long due = start + (long) (sent * nanosPerRecord);
                long lead = due - System.nanoTime();
                if (lead > PACING_SLACK_NANOS) {
                    LockSupport.parkNanos(lead);
                }
            }
            boolean isTrade = record instanceof TradeRecord;
            String topic = record.topic();
            producer.send(new ProducerRecord<>(topic, record.key(), record.toJson()), (metadata, exception) -> {
                if (exception != null) {
                    failure.compareAndSet(null, exception);
                } else {
                    (isTrade ? trades : prices).incrementAndGet();
                    perTopic.computeIfAbsent(topic, t -> new AtomicLong()).incrementAndGet();
                }
            });
            sent++;
        }
        producer.flush();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        Map<String, Long> counts = new TreeMap<>();
        perTopic.forEach((topic, count) -> counts.put(topic, count.get()));
        PublishResult result = new PublishResult(trades.get(), prices.get(), counts, elapsed);
        if (failure.get() != null) {
            throw new PublishException(result, failure.get());
        }
        return result;
    }

    /**
     * Makes {@code topics} ready to take an idempotent producer's records: creates those that do not exist (with
     * {@code partitions} partitions, or the broker's default when 0, and the broker's default replication factor),
     * then waits until the leader of every partition serves produce-path requests.
     *
     * <p>Why wait: a broker applies a topic's creation asynchronously. An idempotent producer with several requests
     * in flight that writes at once to a new partition can see its first request refused (NOT_LEADER_OR_FOLLOWER)
     * and a later one accepted; the retries of the first then fail with OUT_OF_ORDER_SEQUENCE_NUMBER until
     * {@code delivery.timeout.ms} expires them, and those records are lost (KAFKA-14359 / KAFKA-15591; seen here
     * with Kafka 4.4.0 and kafka-clients 4.1.2). The readiness probe is DescribeProducers, which the partition
     * leader's replica manager answers only once it hosts the partition.
     *
     * @return the topics created
     * @throws IllegalStateException if the topics cannot be created or are not ready within 30 s
     */
    public static Set<String> prepareTopics(Map<String, ?> connection, Collection<String> topics, int partitions) {
        if (partitions < 0) {
            throw new IllegalArgumentException("partitions must be >= 0: " + partitions);
        }
        long deadline = System.nanoTime() + ADMIN_TIMEOUT.toNanos();
        try (Admin admin = Admin.create(KafkaClientProperties.connection(connection))) {
            Set<String> created = createMissing(admin, topics, partitions);
            awaitLeaders(admin, topics, deadline);
            return created;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while preparing topics", e);
        }
    }

    private static Set<String> createMissing(Admin admin, Collection<String> topics, int partitions)
            throws InterruptedException {
        Set<String> existing;
        try {
            existing = admin.listTopics().names().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list the topics: " + e, e);
        }
        Optional<Integer> count = partitions == 0 ? Optional.empty() : Optional.of(partitions);
        List<NewTopic> missing = topics.stream()
                .distinct()
                .filter(t -> !existing.contains(t))
                .map(t -> new NewTopic(t, count, Optional.empty()))
                .toList();
        Set<String> created = new TreeSet<>();
        for (Map.Entry<String, KafkaFuture<Void>> e :
                admin.createTopics(missing).values().entrySet()) {
            try {
                e.getValue().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                created.add(e.getKey());
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "cannot create topic " + e.getKey() + ": "
                                    + ex.getCause().getMessage(),
                            ex.getCause());
                }
            } catch (TimeoutException ex) {
                throw new IllegalStateException("creating topic " + e.getKey() + " timed out", ex);
            }
        }
        return created;
    }

    private static void awaitLeaders(Admin admin, Collection<String> topics, long deadline)
            throws InterruptedException {
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                List<TopicPartition> partitions = new ArrayList<>();
                admin.describeTopics(List.copyOf(new TreeSet<>(topics)))
                        .allTopicNames()
                        .get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .forEach((topic, description) -> description
                                .partitions()
                                .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
                admin.describeProducers(partitions).all().get(ADMIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (ExecutionException | TimeoutException e) {
                last = e;
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(
                "topics " + topics + " not ready for producers within " + ADMIN_TIMEOUT.toSeconds() + " s: " + last,
                last);
    }

    /** Closes the producer after sending what is buffered. */
    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }

    /** A publication that stopped at a record the producer could not deliver. */
    public static final class PublishException extends IllegalStateException {
        private final transient PublishResult delivered;

        PublishException(PublishResult delivered, Exception cause) {
            super("publishing failed after " + delivered.records() + " acknowledged records: " + cause, cause);
            this.delivered = delivered;
        }

        /** What was acknowledged before the failure (a lower bound: later records may have been written too). */
        public PublishResult delivered() {
            return delivered;
        }
    }
}
