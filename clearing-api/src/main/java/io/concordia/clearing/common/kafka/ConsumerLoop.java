package io.concordia.clearing.common.kafka;

import io.concordia.clearing.common.DatabaseErrors;
import io.concordia.clearing.common.kafka.ConsumerOffsets.Partition;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * A plain Kafka consumer: poll a batch, hand it to a service that applies it and its offsets in one database
 * transaction, then commit to Kafka (advisory only). A batch goes through two steps: {@code prepare}, which needs no
 * database (parsing), on the consumer's thread, and {@code apply}, the transaction, on the loop's writer thread. While
 * batch n is in the database the consumer gathers batch n+1 from what arrives; once it is full (a backlog) it is
 * prepared at once, so that the application's half of a batch overlaps PostgreSQL's. Batch n+1 is handed to the
 * writer only once batch n has committed, and dropped if it failed, so batches are applied one at a time and in
 * order, exactly as without the overlap. On assignment, and after any failed batch, it seeks
 * every partition to the offset stored in the database, so that nothing is skipped and nothing applied twice.
 * Failures of the batch as a whole (database down) are retried with backoff; the records are never dead-lettered
 * for them.
 *
 * <p>Any other failure is taken for a deterministic one (a statement the database refuses for these records, a bug):
 * retrying the batch would fail forever and hold every partition behind it. The batch is then applied partition by
 * partition; each partition whose records still fail is <b>stopped</b> — paused, logged at ERROR and counted
 * ({@link #stoppedPartitions()}, {@link #partitionStops()}) — while the others go on. A stopped partition is tried
 * again after {@link #STOPPED_RETRY}, so that a fix, once deployed, resumes it without an operator.
 */
public final class ConsumerLoop<P, R> implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerLoop.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** How long a stopped partition stays paused before its records are tried again. */
    static final Duration STOPPED_RETRY = Duration.ofMinutes(10);
    /** How long a poll waits while a batch is in the database: how late, at most, its commit is noticed. */
    private static final Duration WHILE_IN_FLIGHT = Duration.ofMillis(5);

    private final String name;
    private final Properties properties;
    private final Pattern topics;
    private final Function<List<IngestRecord>, P> prepare;
    private final Function<P, R> apply;
    private final java.util.function.Consumer<R> afterCommit;
    private final Supplier<Map<Partition, Long>> storedOffsets;
    private final Duration retryBackoff;
    private final int maxPollRecords;
    private final Duration stoppedRetry;
    private final Clock clock;
    /** Stopped partitions, with when they are tried again; touched by the loop's thread only, read by gauges. */
    private final Map<TopicPartition, Instant> stopped = new ConcurrentHashMap<>();

    private final AtomicLong stops = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean exited;
    private volatile long lastPollNanos = System.nanoTime();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Duration backoff;
    /** Whether partitions were assigned since the loop began gathering the next batch; the loop's thread only. */
    private boolean reassigned;

    /** A batch handed to the writer thread, and what became of it. */
    private record InFlight<R>(List<IngestRecord> batch, Future<R> result) {}

    /** @param connection where and how to connect ({@link KafkaConnection#properties()}); copied */
    public ConsumerLoop(
            String name,
            Properties connection,
            String groupId,
            int maxPollRecords,
            Duration topicRefresh,
            Pattern topics,
            Function<List<IngestRecord>, P> prepare,
            Function<P, R> apply,
            java.util.function.Consumer<R> afterCommit,
            Supplier<Map<Partition, Long>> storedOffsets,
            Duration retryBackoff) {
        this(
                name,
                connection,
                groupId,
                maxPollRecords,
                topicRefresh,
                topics,
                prepare,
                apply,
                afterCommit,
                storedOffsets,
                retryBackoff,
                STOPPED_RETRY,
                Clock.systemUTC());
    }

    /** As above, with how long a stopped partition waits, by which clock. */
    ConsumerLoop(
            String name,
            Properties connection,
            String groupId,
            int maxPollRecords,
            Duration topicRefresh,
            Pattern topics,
            Function<List<IngestRecord>, P> prepare,
            Function<P, R> apply,
            java.util.function.Consumer<R> afterCommit,
            Supplier<Map<Partition, Long>> storedOffsets,
            Duration retryBackoff,
            Duration stoppedRetry,
            Clock clock) {
        this.name = name;
        this.topics = topics;
        this.prepare = prepare;
        this.apply = apply;
        this.afterCommit = afterCommit;
        this.storedOffsets = storedOffsets;
        this.retryBackoff = retryBackoff;
        this.maxPollRecords = maxPollRecords;
        this.stoppedRetry = stoppedRetry;
        this.clock = clock;
        properties = new Properties();
        properties.putAll(connection);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, name);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxPollRecords));
        properties.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, Long.toString(topicRefresh.toMillis()));
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, "15000");
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, "3000");
    }

    @Override
    public void run() {
        backoff = retryBackoff;
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> new Thread(r, name + "-writer"));
        InFlight<R> inFlight = null;
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            c.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    stopped.keySet().removeAll(partitions); // its next owner tries it afresh
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    LOG.infof("%s assigned %s", name, partitions);
                    reassigned = true;
                    seekToStored(c, partitions);
                }
            });
            while (running) {
                resumeDue(c);
                if (inFlight == null) {
                    List<IngestRecord> batch = records(c.poll(Duration.ofMillis(200)));
                    if (!batch.isEmpty()) {
                        inFlight = new InFlight<>(batch, writer.submit(prepared(batch)));
                    }
                    continue;
                }
                // While the batch is in the database, gather the next one from what arrives meanwhile, as the loop
                // did when it polled only after a commit. A full batch is prepared at once, overlapping the database
                // (a backlog); a partial one is topped up with what arrived by the commit, then prepared.
                List<IngestRecord> next = new ArrayList<>();
                reassigned = false;
                while (!inFlight.result().isDone() && next.size() < maxPollRecords) {
                    next.addAll(records(c.poll(WHILE_IN_FLIGHT)));
                }
                Callable<R> work = next.size() >= maxPollRecords ? prepared(next) : null;
                InFlight<R> done = inFlight;
                inFlight = null;
                if (!finish(c, done)) {
                    continue; // the positions were moved back to the stored offsets: this batch is polled again
                }
                if (reassigned) {
                    // partitions were assigned while the batch was in the database: the offsets they were sought to
                    // may predate its commit, and what was gathered may hold a record twice; start again from the
                    // offsets stored now
                    seekToStored(c, c.assignment());
                    continue;
                }
                if (work == null) {
                    next.addAll(records(c.poll(Duration.ZERO)));
                    work = next.isEmpty() ? null : prepared(next);
                }
                if (work != null) {
                    inFlight = new InFlight<>(next, writer.submit(work));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            awaitQuietly(inFlight);
            writer.shutdown();
            consumer = null;
            exited = true;
            LOG.infof("%s stopped", name);
        }
    }

    private List<IngestRecord> records(ConsumerRecords<String, byte[]> polled) {
        lastPollNanos = System.nanoTime();
        List<IngestRecord> batch = new ArrayList<>(polled.count());
        for (ConsumerRecord<String, byte[]> r : polled) {
            batch.add(new IngestRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value(), r.timestamp()));
        }
        return batch;
    }

    /** The batch's {@code apply}, its {@code prepare} done here; a failure of {@code prepare} surfaces as one of the batch. */
    private Callable<R> prepared(List<IngestRecord> batch) {
        try {
            P p = prepare.apply(batch);
            return () -> apply.apply(p);
        } catch (RuntimeException e) {
            return () -> {
                throw e;
            };
        }
    }

    /**
     * Waits for the batch in flight and completes it: on success, the advisory commit to Kafka and {@code afterCommit};
     * on failure, what {@link #run} did before the overlap (partition by partition, back-off, seek to stored).
     *
     * @return whether the batch committed; if not, every assigned partition was moved back to its stored offset
     */
    private boolean finish(KafkaConsumer<String, byte[]> c, InFlight<R> inFlight) {
        try {
            R result = outcome(inFlight.result());
            c.commitAsync(nextOffsets(inFlight.batch()), null);
            afterCommit.accept(result);
            backoff = retryBackoff;
            return true;
        } catch (ConsumerOffsets.PartitionLost e) {
            LOG.infof("%s: %s", name, e.getMessage());
        } catch (RuntimeException e) {
            if (DatabaseErrors.unavailable(e) || !applyByPartition(c, inFlight.batch())) {
                LOG.warnf(
                        "%s: batch of %d records failed, retrying in %s: %s",
                        name, inFlight.batch().size(), backoff, rootMessage(e));
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
        seekToStored(c, c.assignment());
        return false;
    }

    /** The batch's result, or what it threw, as it was thrown. */
    private static <R> R outcome(Future<R> result) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return result.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the transaction runs to its end whatever happens here: wait for it
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** On the way out: lets the batch in flight end (it commits or rolls back on its own); nothing else to do. */
    private void awaitQuietly(InFlight<R> inFlight) {
        if (inFlight == null) {
            return;
        }
        try {
            afterCommit.accept(outcome(inFlight.result()));
        } catch (RuntimeException e) {
            LOG.infof(
                    "%s: the last batch did not commit (%s); it is polled again at the next start",
                    name, rootMessage(e));
        }
    }

    /** For the advisory commit: each partition's next offset after the batch. */
    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<IngestRecord> batch) {
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        for (IngestRecord r : batch) {
            next.merge(
                    new TopicPartition(r.topic(), r.partition()),
                    new OffsetAndMetadata(r.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return next;
    }

    /**
     * Applies a failed batch partition by partition, each part in its own transaction, and stops every partition
     * whose part still fails for a reason other than the database being unavailable.
     *
     * @return false when the database became unavailable meanwhile (the caller backs off and retries)
     */
    private boolean applyByPartition(KafkaConsumer<String, byte[]> c, List<IngestRecord> batch) {
        Map<TopicPartition, List<IngestRecord>> parts = new LinkedHashMap<>();
        for (IngestRecord r : batch) {
            parts.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new ArrayList<>())
                    .add(r);
        }
        for (Map.Entry<TopicPartition, List<IngestRecord>> part : parts.entrySet()) {
            try {
                afterCommit.accept(apply.apply(prepare.apply(part.getValue())));
            } catch (ConsumerOffsets.PartitionLost e) {
                LOG.infof("%s: %s", name, e.getMessage());
            } catch (RuntimeException e) {
                if (DatabaseErrors.unavailable(e)) {
                    return false;
                }
                stop(c, part.getKey(), part.getValue().get(0).offset(), e);
            }
        }
        return true;
    }

    private void stop(KafkaConsumer<String, byte[]> c, TopicPartition tp, long offset, RuntimeException e) {
        c.pause(List.of(tp));
        stopped.put(tp, clock.instant().plus(stoppedRetry));
        stops.incrementAndGet();
        LOG.errorf(
                e,
                "%s: partition %s STOPPED at offset %d: its records fail every time (%s); the other partitions go on,"
                        + " this one is tried again in %s",
                name,
                tp,
                offset,
                rootMessage(e),
                stoppedRetry);
    }

    /** Resumes the stopped partitions whose wait is over, from their stored offsets. */
    private void resumeDue(KafkaConsumer<String, byte[]> c) {
        if (stopped.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<TopicPartition> due = new ArrayList<>();
        stopped.forEach((tp, until) -> {
            if (!now.isBefore(until)) {
                due.add(tp);
            }
        });
        if (due.isEmpty()) {
            return;
        }
        due.forEach(stopped::remove);
        due.retainAll(c.assignment());
        c.resume(due);
        seekToStored(c, due);
        LOG.infof("%s: trying the stopped partitions %s again", name, due);
    }

    /**
     * Publishes the loop's stopped partitions in /q/metrics: {@code concordia_consumer_stopped_partitions{consumer}} and
     * {@code concordia_consumer_partition_stops_total{consumer}}, which an alert watches.
     *
     * @param registry the registry
     */
    public void registerMetrics(MeterRegistry registry) {
        Gauge.builder("concordia.consumer.stopped.partitions", this, ConsumerLoop::stoppedPartitions)
                .tag("consumer", name)
                .description("partitions stopped because their records fail every time")
                .register(registry);
        Gauge.builder("concordia.consumer.lag.max", this, ConsumerLoop::maxLag)
                .tag("consumer", name)
                .description("the largest lag in records of any partition the consumer fetched in the last window")
                .register(registry);
        FunctionCounter.builder("concordia.consumer.partition.stops", this, ConsumerLoop::partitionStops)
                .tag("consumer", name)
                .description("times a partition was stopped")
                .register(registry);
    }

    /** The consumer's own {@code records-lag-max} (thread-safe to read), or NaN before its first fetch. */
    double maxLag() {
        KafkaConsumer<String, byte[]> c = consumer;
        if (c == null) {
            return Double.NaN;
        }
        for (Map.Entry<MetricName, ? extends Metric> e : c.metrics().entrySet()) {
            MetricName metric = e.getKey();
            if (metric.name().equals("records-lag-max")
                    && metric.group().equals("consumer-fetch-manager-metrics")
                    && !metric.tags().containsKey("topic")) {
                return e.getValue().metricValue() instanceof Number n ? n.doubleValue() : Double.NaN;
            }
        }
        return Double.NaN;
    }

    /**
     * Whether the loop is alive and came back to poll within {@code within}: a loop that died, or hangs in a batch or
     * in a poll, is not. Readiness reports it.
     */
    public boolean pollingWithin(Duration within) {
        return !exited && System.nanoTime() - lastPollNanos < within.toNanos();
    }

    /** @return the loop's name: {@code trade-consumer}, {@code price-consumer}, {@code settlement-confirmations} */
    public String name() {
        return name;
    }

    /** @return how many partitions this loop has stopped and not resumed */
    public int stoppedPartitions() {
        return stopped.size();
    }

    /** @return how many times this loop has stopped a partition */
    public long partitionStops() {
        return stops.get();
    }

    /** Stops the loop: it finishes or abandons the current poll and leaves the group. */
    public void stop() {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private void seekToStored(KafkaConsumer<String, byte[]> c, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<Partition, Long> stored;
        while (true) {
            try {
                stored = storedOffsets.get();
                break;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("%s: cannot read stored offsets, retrying: %s", name, rootMessage(e));
                sleep(retryBackoff);
            }
        }
        List<TopicPartition> fromStart = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long offset = stored.get(new Partition(tp.topic(), tp.partition()));
            if (offset == null) {
                fromStart.add(tp);
            } else {
                c.seek(tp, offset);
            }
        }
        if (!fromStart.isEmpty()) {
            c.seekToBeginning(fromStart);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
