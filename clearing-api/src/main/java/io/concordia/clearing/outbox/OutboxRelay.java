package io.concordia.clearing.outbox;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.BackgroundLoop;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.common.kafka.KafkaConnection;
import io.concordia.clearing.common.kafka.KafkaTopics;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

/**
 * Publishes outbox events to Kafka in id order with an idempotent producer, then marks them published.
 *
 * <p>Delivery is at least once: a crash after the send and before the mark publishes the same events again with
 * the same {@code eventId}, which consumers drop. Only one relay publishes at a time (a transaction-scoped
 * advisory lock), so events of one key reach their partition in the order they were decided.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** The topics the outbox publishes to, created before the first send. */
    public static final List<String> TOPICS =
            List.of("margin-calls", "margin-events", "settlement-instructions", "default-events", "mark-events");

    static final long RELAY_LOCK = 0x0C0_0C0_0B0L;

    @Inject
    OutboxConfig config;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    KafkaConnection kafka;

    @Inject
    Clock clock;

    private BackgroundLoop loop;
    private KafkaProducer<String, String> producer;
    private boolean topicsReady;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("outbox relay disabled (concordia.outbox.enabled=false)");
            return;
        }
        producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new StringSerializer());
        loop = new BackgroundLoop("outbox-relay", config.pollInterval(), Duration.ofSeconds(30), clock, () -> {
            if (!topicsReady) {
                KafkaTopics.ensure(kafka.properties(), TOPICS);
                topicsReady = true;
            }
            return publishOnce(producer) > 0;
        });
        loop.start();
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop(Duration.ofSeconds(10));
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Asks the relay to look now instead of at its next poll. */
    public void wake() {
        if (loop != null) {
            loop.wake();
        }
    }

    /** The relay's loop, for the health check and gauges; empty when the relay is disabled. */
    public Optional<BackgroundLoop> loop() {
        return Optional.ofNullable(loop);
    }

    /** Publishes one batch of the oldest unpublished events. @return how many were published */
    int publishOnce(KafkaProducer<String, String> producer) {
        return Jdbc.inTransaction(dataSource, c -> publishBatch(c, producer));
    }

    /**
     * Sends the oldest unpublished events and marks them published, in the caller's transaction; nothing when another
     * relay holds the lock. A send that fails leaves them unmarked, for the next batch.
     */
    int publishBatch(Connection c, KafkaProducer<String, String> producer) {
        Sql sql = Sql.on(c);
        if (!sql.one("SELECT pg_try_advisory_xact_lock(?) AS locked", row -> row.bool("locked"), RELAY_LOCK)) {
            return 0;
        }
        List<Long> ids = new ArrayList<>();
        List<Future<RecordMetadata>> sends = sql.list(
                "SELECT id, event_id, topic, event_key, payload::text AS payload FROM outbox "
                        + "WHERE published_at IS NULL ORDER BY id LIMIT ?",
                row -> {
                    ids.add(row.longValue("id"));
                    ProducerRecord<String, String> record =
                            new ProducerRecord<>(row.string("topic"), row.string("event_key"), row.string("payload"));
                    record.headers().add("event-id", row.string("event_id").getBytes(StandardCharsets.UTF_8));
                    return producer.send(record);
                },
                config.batchSize());
        if (ids.isEmpty()) {
            return 0;
        }
        producer.flush();
        for (Future<RecordMetadata> send : sends) {
            awaitAcknowledged(send);
        }
        sql.update("UPDATE outbox SET published_at = now() WHERE id = ANY (?)", Sql.longs(ids));
        return ids.size();
    }

    private static void awaitAcknowledged(Future<RecordMetadata> send) {
        try {
            send.get();
        } catch (ExecutionException e) {
            throw new KafkaException("an outbox event was not acknowledged", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while the outbox events were being acknowledged", e);
        }
    }

    private Properties producerProperties() {
        Properties p = kafka.properties();
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
        return p;
    }
}
