package io.concordia.clearing.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.kafka.ConsumerOffsets.Partition;
import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.MovableClock;
import io.concordia.clearing.support.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * On the real broker: a record that fails every time stops its own partition only, with an alert, while the other
 * partitions go on; a database that is unavailable stops nothing and is retried; a stopped partition is tried again
 * when its wait is over, and goes on once its records apply.
 */
@QuarkusTest
class ConsumerLoopStopTest {

    @Test
    void shouldStopOnlyThePartitionWhoseRecordsFailEveryTimeAndRetryTheDatabaseBeingDown() throws Exception {
        String topic = Api.unique("stoptest-").toLowerCase();
        Properties connection = TestKafka.connection();
        try (Admin admin = Admin.create(connection)) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        // the "database": the offsets applied per partition, and the keys applied
        Map<Partition, Long> offsets = new ConcurrentHashMap<>();
        List<String> applied = new CopyOnWriteArrayList<>();
        AtomicInteger unavailableLeft = new AtomicInteger(2);
        Set<String> poison = ConcurrentHashMap.newKeySet();
        poison.add("poison");
        MovableClock clock = new MovableClock(Instant.parse("2026-12-05T12:00:00Z"));
        ConsumerLoop<List<IngestRecord>, Integer> loop = new ConsumerLoop<>(
                "stop-test",
                connection,
                "stop-test-" + topic,
                100,
                Duration.ofSeconds(1),
                Pattern.compile(Pattern.quote(topic)),
                records -> records,
                batch -> {
                    for (IngestRecord r : batch) {
                        if (r.key().equals("down") && unavailableLeft.getAndDecrement() > 0) {
                            throw new DatabaseFailure(new SQLException("Connection refused", "08001"));
                        }
                        if (poison.contains(r.key())) {
                            throw new IllegalStateException("a statement the database refuses for this record");
                        }
                    }
                    // all or nothing, like one database transaction
                    for (IngestRecord r : batch) {
                        applied.add(r.key());
                        offsets.put(new Partition(r.topic(), r.partition()), r.offset() + 1);
                    }
                    return batch.size();
                },
                n -> {},
                () -> Map.copyOf(offsets),
                Duration.ofMillis(100),
                Duration.ofMinutes(10),
                clock);
        Thread thread = new Thread(loop, "stop-test");
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(connection, new StringSerializer(), new ByteArraySerializer())) {
            send(producer, topic, 0, "a0", "poison", "b0");
            send(producer, topic, 1, "a1", "down", "b1");
            send(producer, topic, 2, "a2", "b2");
            thread.start();
            Eventually.until(
                    "partitions 1 and 2 applied", () -> applied.containsAll(List.of("a1", "down", "b1", "a2", "b2")));
            Eventually.until("partition 0 stopped", () -> loop.stoppedPartitions() == 1);
            // nothing at or after the failing record (a0 went with it if one poll fetched them together)
            assertThat(applied).doesNotContain("poison", "b0");
            assertThat(loop.partitionStops()).isEqualTo(1);
            assertThat(unavailableLeft.get())
                    .as("the unavailable database was retried, not stopped")
                    .isNegative();

            // the other partitions go on while partition 0 waits
            send(producer, topic, 1, "c1");
            Eventually.until("partition 1 goes on", () -> applied.contains("c1"));
            assertThat(applied).doesNotContain("poison");

            // the fix is deployed, the wait is over: partition 0 resumes from where it stopped, in order
            poison.clear();
            clock.set(clock.instant().plus(Duration.ofMinutes(11)));
            Eventually.until("partition 0 resumed", () -> applied.containsAll(List.of("a0", "poison", "b0")));
            assertThat(applied.indexOf("a0")).isLessThan(applied.indexOf("poison"));
            assertThat(applied.indexOf("poison")).isLessThan(applied.indexOf("b0"));
            assertThat(loop.stoppedPartitions()).isZero();
            assertThat(applied.stream().filter("a0"::equals).count())
                    .as("applied once")
                    .isEqualTo(1);
        } finally {
            loop.stop();
            thread.join(20_000);
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, int partition, String... keys)
            throws Exception {
        for (String key : keys) {
            producer.send(new ProducerRecord<>(topic, partition, key, key.getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }
}
