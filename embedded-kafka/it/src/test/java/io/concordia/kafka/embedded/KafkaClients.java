package io.concordia.kafka.embedded;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain kafka-clients calls against a running broker, with bounded waits. */
final class KafkaClients {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private KafkaClients() {}

    /** How the tests connect: as the application. */
    static Map<String, Object> connection(EmbeddedKafkaBroker broker) {
        return new HashMap<>(broker.clientProperties(BrokerCredentials.APPLICATION));
    }

    static void createTopic(EmbeddedKafkaBroker broker, String topic, int partitions) throws Exception {
        try (Admin admin = Admin.create(connection(broker))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    static void produce(EmbeddedKafkaBroker broker, String topic, List<String> values) throws Exception {
        produce(connection(broker), topic, values);
    }

    static void produce(Map<String, Object> connection, String topic, List<String> values) throws Exception {
        Map<String, Object> config = new HashMap<>(connection);
        // A caller's own wait (a test that expects the send to time out) stands.
        config.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        config.putAll(Map.of(
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (String value : values) {
                producer.send(new ProducerRecord<>(topic, value, value)).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** Reads {@code expected} records through a consumer group and commits their offsets. */
    static List<String> consumeInGroup(EmbeddedKafkaBroker broker, String topic, String group, int expected) {
        return consumeInGroup(connection(broker), topic, group, expected);
    }

    static List<String> consumeInGroup(Map<String, Object> connection, String topic, String group, int expected) {
        Map<String, Object> config = new HashMap<>(connection);
        config.putAll(Map.of(
                ConsumerConfig.GROUP_ID_CONFIG,
                group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class));
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (values.size() < expected && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
            consumer.commitSync(WAIT);
        }
        return values;
    }

    static long committedOffsets(EmbeddedKafkaBroker broker, String group) throws Exception {
        try (Admin admin = Admin.create(connection(broker))) {
            return admin
                    .listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS)
                    .values()
                    .stream()
                    .mapToLong(offset -> offset.offset())
                    .sum();
        }
    }
}
