package io.concordia.clearing.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OutboxRelayTest {

    @Inject
    OutboxRelay relay;

    /**
     * A relay that dies after sending and before marking its events leaves them unpublished in the table; the next relay
     * sends them again with the same event ids, so every event arrives and a consumer keeping the ids it has seen
     * processes each exactly once.
     */
    @Test
    void shouldRepublishWhatACrashedRelaySentWithTheSameEventIds() throws Exception {
        String key = "crash-" + UUID.randomUUID();
        Properties p = new Properties();
        p.putAll(TestKafka.connection());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        try (Connection crashing = TestDatabase.connect();
                KafkaProducer<String, String> producer =
                        new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            crashing.setAutoCommit(false);
            // hold the relay's lock first, so the running relay waits while the events are written and sent
            try (var lock = crashing.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, OutboxRelay.RELAY_LOCK);
                lock.executeQuery().close();
            }
            try (Connection writer = TestDatabase.connect();
                    var insert = writer.prepareStatement("""
                    INSERT INTO outbox (event_id, topic, event_key, type, payload)
                    VALUES (?, 'margin-events', ?, 'TEST_EVENT', jsonb_build_object('eventId', ?::text, 'n', ?))""")) {
                for (int i = 0; i < 5; i++) {
                    UUID id = UUID.randomUUID();
                    insert.setObject(1, id);
                    insert.setString(2, key);
                    insert.setString(3, id.toString());
                    insert.setInt(4, i);
                    insert.executeUpdate();
                }
            }
            assertThat(relay.publishBatch(crashing, producer)).isGreaterThanOrEqualTo(5);
            crashing.rollback(); // the crash: sent, never marked
        }

        Eventually.until(
                "the events marked published",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM outbox WHERE event_key = ? AND published_at IS NOT NULL", key)
                        == 5);
        List<ConsumerRecord<String, String>> records = Margins.records("margin-events", key, Duration.ofSeconds(2));
        Set<String> seen = new HashSet<>();
        int processed = 0;
        for (ConsumerRecord<String, String> r : records) {
            if (seen.add(new String(r.headers().lastHeader("event-id").value(), StandardCharsets.UTF_8))) {
                processed++;
            }
        }
        assertThat(records).hasSizeGreaterThanOrEqualTo(10); // each sent twice
        assertThat(processed).isEqualTo(5);
        assertThat(seen).hasSize((int)
                TestDatabase.count("SELECT count(DISTINCT event_id) FROM outbox WHERE event_key = ?", key));
    }
}
