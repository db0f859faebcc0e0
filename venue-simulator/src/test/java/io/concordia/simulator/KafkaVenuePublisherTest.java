package io.concordia.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.kafka.embedded.BrokerCredentials;
import io.concordia.kafka.embedded.EmbeddedKafkaBroker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against a real Kafka broker (the embedded-kafka module's child JVM). */
class KafkaVenuePublisherTest {

    private static final Instant END = Instant.parse("2026-11-25T12:00:00Z");
    private static final List<String> ACCOUNTS = List.of("ACME-H1", "BETA-H1", "GAMMA-C1", "DELTA-I1");

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        Path dataDir = Path.of(System.getProperty("concordia.test.data-dir", "target/test-data"))
                .resolve("kafka-" + ProcessHandle.current().pid());
        broker = EmbeddedKafkaBroker.start(dataDir, 0);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    /** A venue's login: the broker requires SASL/SCRAM. */
    private static Map<String, String> publisherLogin() {
        return broker.clientProperties(BrokerCredentials.PUBLISHER);
    }

    @Test
    void shouldDeliverExactlyTheRecordsSentToEachTopicInOrderPerPartition() {
        // given 10,000 trades over three venues, and their prices, on topics of 3 partitions
        VenueSimulator simulator = VenueSimulator.bitstamp(
                VenueSpec.DEFAULTS,
                ACCOUNTS,
                SimulationOptions.of(42, 10_000, END).withIdPrefix("exact-"));
        KafkaVenuePublisher.prepareTopics(publisherLogin(), simulator.topics(), 3);
        Map<String, List<String>> sentPerTopic = new TreeMap<>();
        simulator
                .records()
                .forEach(r -> sentPerTopic
                        .computeIfAbsent(r.topic(), t -> new ArrayList<>())
                        .add(r.key() + " " + r.toJson()));

        // when
        PublishResult result;
        try (KafkaVenuePublisher publisher = KafkaVenuePublisher.create(publisherLogin())) {
            result = publisher.publish(simulator);
        }
        Map<String, List<ConsumerRecord<String, String>>> received = consumeAll(
                simulator.topics(),
                sentPerTopic.values().stream().mapToInt(List::size).sum());

        // then: the same records, topic by topic, none missing, none twice
        assertThat(result.trades()).isEqualTo(10_000);
        assertThat(result.prices())
                .isEqualTo(sentPerTopic.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("prices."))
                        .mapToLong(e -> e.getValue().size())
                        .sum());
        assertThat(result.perTopic()).containsOnlyKeys(sentPerTopic.keySet());
        for (Map.Entry<String, List<String>> topic : sentPerTopic.entrySet()) {
            List<ConsumerRecord<String, String>> records = received.getOrDefault(topic.getKey(), List.of());
            assertThat(result.perTopic().get(topic.getKey()))
                    .isEqualTo(topic.getValue().size());
            assertThat(records.stream().map(r -> r.key() + " " + r.value()).toList())
                    .as(topic.getKey())
                    .containsExactlyInAnyOrderElementsOf(topic.getValue());
            // within a partition, the send order
            Map<String, Integer> sendOrder = new HashMap<>();
            topic.getValue().forEach(line -> sendOrder.put(line, sendOrder.size()));
            Map<Integer, Integer> lastPerPartition = new HashMap<>();
            for (ConsumerRecord<String, String> r : records) {
                int index = sendOrder.get(r.key() + " " + r.value());
                assertThat(index).isGreaterThan(lastPerPartition.getOrDefault(r.partition(), -1));
                lastPerPartition.put(r.partition(), index);
            }
        }
        assertThat(received.get("trades.venue-a"))
                .extracting(ConsumerRecord::partition)
                .containsOnly(0, 1, 2);
        System.out.printf(
                "published %,d records (10,000 trades) to the embedded broker in %d ms: %,.0f records/s%n",
                result.records(), result.elapsed().toMillis(), result.recordsPerSecond());
    }

    @Test
    void shouldPaceToTheTargetRate() {
        VenueSimulator simulator = VenueSimulator.bitstamp(
                VenueSpec.DEFAULTS,
                ACCOUNTS,
                SimulationOptions.of(43, 1_500, END).withPriceEvery(0).withIdPrefix("paced-"));

        PublishResult result;
        try (KafkaVenuePublisher publisher = KafkaVenuePublisher.create(publisherLogin())) {
            result = publisher.publish(simulator, 5_000);
        }

        assertThat(result.trades()).isEqualTo(1_500);
        // 1,500 records at 5,000/s: the last one is due after 0.3 s
        assertThat(result.elapsed())
                .isGreaterThanOrEqualTo(Duration.ofMillis(295))
                .isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void shouldPublishFromTheCommandLineWithTheKcatConfigurationAndSayWhatItSent() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path kcatConfig = broker.dataDir().resolve("kafka-client.properties");
        broker.writeClientConfig(kcatConfig, BrokerCredentials.PUBLISHER);

        int status = VenueSimulatorMain.run(
                new String[] {
                    "--client-properties",
                    kcatConfig.toString(),
                    "--accounts",
                    "ACME-H1,BETA-H1",
                    "--trades",
                    "1000",
                    "--seed",
                    "9",
                    "--id-prefix",
                    "cli-",
                    "--partitions",
                    "2",
                    "--venues",
                    "venue-x:XBTUSD:0.001,venue-y:BTC-PERP:0.01",
                    "--producer-property",
                    "compression.type=none"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                END);

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(status).as(err.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(printed)
                .contains(
                        "publishing 1000 trades",
                        "created topics with 2 partitions",
                        "sent 1000 trades and 10 prices",
                        "trades.venue-x 500",
                        "trades.venue-y 500",
                        "prices.venue-x 5");
        Map<String, List<ConsumerRecord<String, String>>> received =
                consumeAll(List.of("trades.venue-x", "trades.venue-y"), 1000);
        assertThat(received.get("trades.venue-x"))
                .hasSize(500)
                .extracting(ConsumerRecord::partition)
                .containsOnly(0, 1);
    }

    @Test
    void shouldDeliverOptionTradesAndMarksWithTheirIv() {
        // given 3,000 trades and an option trade after every 10th, on venues of their own
        VenueSimulator simulator = VenueSimulator.bitstamp(
                        VenueSpec.parseList("options-a:XBTUSD:0.001,options-b:BTC-PERP:0.01"),
                        ACCOUNTS,
                        SimulationOptions.of(44, 3_000, END))
                .withOptions(OptionSettings.DEFAULTS.withVenues(OptionVenue.parseList("options-a:1,options-b:0.1")));
        List<String> sent = simulator
                .records()
                .map(r -> r.topic() + " " + r.key() + " " + r.toJson())
                .toList();

        // when
        PublishResult result;
        try (KafkaVenuePublisher publisher = KafkaVenuePublisher.create(publisherLogin())) {
            result = publisher.publish(simulator);
        }
        Map<String, List<ConsumerRecord<String, String>>> received = consumeAll(simulator.topics(), sent.size());

        // then: every record arrived once, the option marks with their iv
        assertThat(result.trades()).isEqualTo(3_000 + 300);
        assertThat(received.values().stream()
                        .flatMap(List::stream)
                        .map(r -> r.topic() + " " + r.key() + " " + r.value())
                        .toList())
                .containsExactlyInAnyOrderElementsOf(sent);
        assertThat(received.get("prices.options-b"))
                .anySatisfy(r -> assertThat(r.value()).contains("\"iv\":\"0."));
    }

    private static Map<String, List<ConsumerRecord<String, String>>> consumeAll(List<String> topics, int expected) {
        Map<String, Object> config = new HashMap<>(broker.clientProperties(BrokerCredentials.APPLICATION));
        config.putAll(Map.of(
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                5_000));
        Map<String, List<ConsumerRecord<String, String>>> received = new TreeMap<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(r -> received.computeIfAbsent(r.topic(), t -> new ArrayList<>())
                                .add(r));
            }
        }
        assertThat(received.values().stream().mapToInt(List::size).sum()).isGreaterThanOrEqualTo(expected);
        return received;
    }
}
