package io.concordia.clearing.support;

import io.concordia.simulator.KafkaVenuePublisher;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes records to the test broker as a venue would, with the publisher's login; {@link #connection()} connects
 * with the application's. The broker requires SASL/SCRAM, as the embedded default's does.
 */
public final class TestKafka {

    static volatile Map<String, String> application;
    static volatile Map<String, String> publisher;
    private static KafkaProducer<String, byte[]> producer;

    private TestKafka() {}

    /** The broker's address and the application's login, for a test's own consumer or producer (a fresh copy). */
    public static Properties connection() {
        Properties p = new Properties();
        p.putAll(application);
        return p;
    }

    public static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties p = new Properties();
            p.putAll(publisher);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }
        return producer;
    }

    /** Sends and waits for the broker's acknowledgement. */
    public static void send(String topic, String key, String value) {
        send(topic, null, key, value);
    }

    public static void send(String topic, Integer partition, String key, String value) {
        try {
            producer()
                    .send(new ProducerRecord<>(
                            topic, partition, key, value == null ? null : value.getBytes(StandardCharsets.UTF_8)))
                    .get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    public static void sendBytes(String topic, String key, byte[] value) {
        try {
            producer().send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /**
     * Creates a topic with this many partitions, if it does not exist yet, and waits until every partition's leader
     * accepts an idempotent producer: sends into a topic still being created can otherwise expire (KAFKA-14359).
     */
    public static void createTopic(String topic, int partitions) {
        KafkaVenuePublisher.prepareTopics(publisher, List.of(topic), partitions);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
