package io.concordia.clearing.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.common.kafka.ConsumerOffsets.Partition;
import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * On the real broker: the consumer prepares the next batch while the previous one is being applied, and yet applies
 * batches one at a time, in order, each record once, even when a batch fails while the next one is already prepared.
 */
@QuarkusTest
class ConsumerLoopOverlapTest {

    /** A "database" that applies a batch all or nothing and keeps each partition's next offset, as the real one does. */
    private static final class Store {
        final Map<Partition, Long> offsets = new ConcurrentHashMap<>();
        final List<String> applied = new CopyOnWriteArrayList<>();

        int apply(List<IngestRecord> batch) {
            for (IngestRecord r : batch) {
                Long next = offsets.get(new Partition(r.topic(), r.partition()));
                if (next != null && r.offset() < next) {
                    throw new AssertionError("record " + r.key() + " handed in again below the stored offset");
                }
            }
            for (IngestRecord r : batch) {
                applied.add(r.key());
                offsets.put(new Partition(r.topic(), r.partition()), r.offset() + 1);
            }
            return batch.size();
        }
    }

    @Test
    void shouldPrepareTheNextBatchWhileTheFirstIsApplied() throws Exception {
        // given 20 records on one partition, taken 5 a poll; the first batch's apply waits for the next prepare
        String topic = topic();
        List<String> keys = keys(20);
        Store store = new Store();
        CountDownLatch nextPrepared = new CountDownLatch(2); // the first batch's prepare, then the next one's
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicBoolean first = new AtomicBoolean(true);
        List<String> applyThreads = new CopyOnWriteArrayList<>();
        ConsumerLoop<List<IngestRecord>, Integer> loop = loop(
                "overlap-test",
                topic,
                records -> {
                    nextPrepared.countDown();
                    return records;
                },
                batch -> {
                    applyThreads.add(Thread.currentThread().getName());
                    if (first.getAndSet(false)) {
                        overlapped.set(await(nextPrepared));
                    }
                    return store.apply(batch);
                },
                store);
        Thread thread = new Thread(loop, "overlap-test");
        try {
            send(topic, keys);
            thread.start();

            // then the second batch was prepared while the first was in apply, and all were applied in order, once
            Eventually.until("every record applied", () -> store.applied.size() >= keys.size());
            assertThat(overlapped)
                    .as("the next batch prepared during the first apply")
                    .isTrue();
            assertThat(store.applied).containsExactlyElementsOf(keys);
            assertThat(applyThreads).as("applied on the writer thread").allMatch("overlap-test-writer"::equals);
        } finally {
            loop.stop();
            thread.join(20_000);
        }
        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void shouldNeverApplyAPreparedBatchAfterTheOneBeforeItFailed() throws Exception {
        // given 30 records on one partition, taken 5 a poll; applying the batch holding k-07 fails the first time,
        // after
        // the next batch was prepared
        String topic = topic();
        List<String> keys = keys(30);
        Store store = new Store();
        AtomicBoolean failOnce = new AtomicBoolean(true);
        CountDownLatch preparedAfterFailing = new CountDownLatch(1);
        AtomicBoolean failingBatchSeen = new AtomicBoolean();
        ConsumerLoop<List<IngestRecord>, Integer> loop = loop(
                "overlap-failure-test",
                topic,
                records -> {
                    if (failingBatchSeen.get()) {
                        preparedAfterFailing.countDown();
                    }
                    return records;
                },
                batch -> {
                    if (batch.stream().anyMatch(r -> r.key().equals("k-07")) && failOnce.getAndSet(false)) {
                        failingBatchSeen.set(true);
                        await(preparedAfterFailing);
                        throw new IllegalStateException("a statement the database refuses, once");
                    }
                    return store.apply(batch);
                },
                store);
        Thread thread = new Thread(loop, "overlap-failure-test");
        try {
            send(topic, keys);
            thread.start();

            // then every record is applied once, in the order published: the prepared batch was dropped and polled
            // again
            Eventually.until("every record applied", () -> store.applied.size() >= keys.size());
            assertThat(failOnce).as("the failure happened").isFalse();
            assertThat(store.applied).containsExactlyElementsOf(keys);
            assertThat(loop.stoppedPartitions()).isZero();
        } finally {
            loop.stop();
            thread.join(20_000);
        }
    }

    private static ConsumerLoop<List<IngestRecord>, Integer> loop(
            String name,
            String topic,
            java.util.function.Function<List<IngestRecord>, List<IngestRecord>> prepare,
            java.util.function.Function<List<IngestRecord>, Integer> apply,
            Store store) {
        return new ConsumerLoop<>(
                name,
                TestKafka.connection(),
                "group-" + topic,
                5,
                Duration.ofSeconds(1),
                Pattern.compile(Pattern.quote(topic)),
                prepare,
                apply,
                n -> {},
                () -> Map.copyOf(store.offsets),
                Duration.ofMillis(50));
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String topic() throws Exception {
        String topic = Api.unique("overlap-").toLowerCase();
        try (Admin admin = Admin.create(TestKafka.connection())) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        return topic;
    }

    private static List<String> keys(int n) {
        return new ArrayList<>(
                IntStream.range(0, n).mapToObj(i -> String.format("k-%02d", i)).toList());
    }

    private static void send(String topic, List<String> keys) throws Exception {
        Properties connection = TestKafka.connection();
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(connection, new StringSerializer(), new ByteArraySerializer())) {
            for (String key : keys) {
                producer.send(new ProducerRecord<>(topic, 0, key, key.getBytes(StandardCharsets.UTF_8)))
                        .get();
            }
        }
    }
}
