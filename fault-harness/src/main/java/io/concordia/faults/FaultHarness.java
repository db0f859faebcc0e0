package io.concordia.faults;

import io.concordia.bench.ingest.ConcordiaProcess;
import io.concordia.simulator.VenueSpec;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One run: start everything, run the workload while the faults are injected, let every instance catch up, then check.
 */
final class FaultHarness {

    /** The topics the outbox relay publishes to (clearing-api's {@code OutboxRelay.TOPICS}). */
    static final List<String> OUTBOX_TOPICS =
            List.of("margin-calls", "margin-events", "settlement-instructions", "default-events", "mark-events");

    private static final Pattern RUN_ID = Pattern.compile("\"id\"\\s*:\\s*([0-9]+)");
    private static final Duration QUIESCE_LIMIT = Duration.ofMinutes(3);

    /** What a run found. */
    record Result(
            HarnessOptions options,
            Instant startedAt,
            Duration workload,
            List<FaultInjector.Injected> faults,
            List<Checker.Check> checks,
            Checker.Sent sent,
            List<Checker.Delivered> delivered,
            long trades,
            long tradeRecords,
            long redeliveries,
            long deadLetters,
            double appliedPerSecond,
            Map<String, Long> tally,
            Map<String, Long> failedRequests,
            List<String> serverErrors) {

        long anomalies() {
            return checks.stream().mapToLong(Checker.Check::anomalies).sum()
                    + faults.stream()
                            .filter(f -> f.note().contains("NOT RECOVERED"))
                            .count();
        }
    }

    private FaultHarness() {}

    static Result run(HarnessOptions o) throws Exception {
        prepare(o.workDir());
        Instant startedAt = Instant.now();
        log("work folder %s; seed %d; %d instances; faults %s", o.workDir(), o.seed(), o.instances(), o.faults());
        try (Deployment d = Deployment.start(o)) {
            createTopics(d);
            d.startAll();
            Workload workload = new Workload(d);
            workload.setUp();
            log(
                    "PostgreSQL at %s, brokers at %s, %d instances ready",
                    d.database.jdbcUrl(), d.kafka.bootstrapServers(), d.instanceCount());

            FaultInjector injector = new FaultInjector(d, o.seed());
            long workloadStart = System.nanoTime();
            Instant until = Instant.now().plus(o.duration());
            workload.start();
            List<FaultInjector.Injected> faults;
            try {
                faults = injector.run(until);
                long left = Duration.between(Instant.now(), until).toMillis();
                if (left > 0) {
                    Thread.sleep(left);
                }
            } finally {
                workload.stop();
            }
            Duration ran = Duration.ofNanos(System.nanoTime() - workloadStart);
            log(
                    "workload stopped after %d s: %,d trade records sent; waiting for every instance to catch up",
                    ran.toSeconds(), workload.tradeRecords.get());
            quiesce(d);

            List<Checker.Check> checks = new ArrayList<>();
            try (Connection c = d.database.connect()) {
                Map<String, Checker.Margin> stored = Checker.margins(c);
                runFullMargin(d, workload.operatorToken());
                checks.add(Checker.marginEqualsFreshRun(stored, Checker.margins(c)));
                Map<Long, Long> approvals = new HashMap<>();
                workload.approvalsAnswered.forEach((id, n) -> approvals.put(id, n.get()));
                Checker.Sent sent = new Checker.Sent(
                        workload.tradeRecords.get(),
                        workload.validTrades.get(),
                        workload.redeliveries.get(),
                        workload.expectedDeadLetters(),
                        approvals);
                List<Checker.Delivered> delivered = readOutboxTopics(d);
                checks.addAll(Checker.all(c, sent, delivered));
                Map<String, Long> tally = tally(c, workload);
                Map<String, Long> failed = new java.util.TreeMap<>();
                workload.failedRequests.forEach((k, v) -> failed.put(k, v.get()));
                return new Result(
                        o,
                        startedAt,
                        ran,
                        faults,
                        checks,
                        sent,
                        delivered,
                        workload.validTrades.get(),
                        workload.tradeRecords.get(),
                        workload.redeliveries.get(),
                        workload.expectedDeadLetters().values().stream()
                                .mapToLong(Long::longValue)
                                .sum(),
                        appliedPerSecond(c),
                        tally,
                        failed,
                        List.copyOf(workload.serverErrors));
            }
        }
    }

    /** Waits until everything published is applied, the outbox is sent, the margin queue empty and no cycle unfinished. */
    private static void quiesce(Deployment d) throws Exception {
        d.awaitRecovered(QUIESCE_LIMIT);
        long deadline = System.nanoTime() + QUIESCE_LIMIT.toNanos();
        String sql =
                "SELECT (SELECT count(*) FROM outbox WHERE published_at IS NULL) + (SELECT count(*) FROM margin_queue)"
                        + " + (SELECT count(*) FROM settlement_cycle WHERE status <> 'PUBLISHED')";
        while (true) {
            long pending;
            try (Connection c = d.database.connect();
                    var rs = c.createStatement().executeQuery(sql)) {
                rs.next();
                pending = rs.getLong(1);
            }
            if (pending == 0) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        pending + " outbox events, queued accounts and unfinished cycles left after " + QUIESCE_LIMIT);
            }
            Thread.sleep(500);
        }
    }

    /** Starts a full margin run on an instance and waits until its chunks are done. */
    private static void runFullMargin(Deployment d, String token) throws Exception {
        ConcordiaProcess app = d.anyInstance(0);
        HttpResponse<String> started =
                app.send("POST", "/api/v1/admin/margin/runs", token, null, Duration.ofSeconds(60));
        Matcher m = RUN_ID.matcher(started.body());
        if (started.statusCode() / 100 != 2 || !m.find()) {
            throw new IllegalStateException(
                    "starting a full margin run answered " + started.statusCode() + ": " + started.body());
        }
        long deadline = System.nanoTime() + QUIESCE_LIMIT.toNanos();
        try (Connection c = d.database.connect();
                var st = c.prepareStatement("SELECT finished_at IS NOT NULL FROM margin_run WHERE id = ?")) {
            st.setLong(1, Long.parseLong(m.group(1)));
            while (true) {
                try (var rs = st.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the full margin run did not finish within " + QUIESCE_LIMIT);
                }
                Thread.sleep(200);
            }
        }
        // the run's accounts are re-margined by the queue workers; wait for them too
        quiesce(d);
    }

    /** Every record of the outbox topics, from the start to the end offsets of now, in partition order. */
    static List<Checker.Delivered> readOutboxTopics(Deployment d) throws Exception {
        Map<String, Object> config = new HashMap<>(d.publisherLogin());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<Checker.Delivered> delivered = new ArrayList<>();
        try (Admin admin = Admin.create(config);
                KafkaConsumer<String, String> consumer =
                        new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(OUTBOX_TOPICS::contains)
                    .toList();
            List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(existing)
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .forEach((topic, desc) ->
                            desc.partitions().forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    Header id = r.headers().lastHeader("event-id");
                    delivered.add(new Checker.Delivered(
                            r.topic(),
                            r.partition(),
                            r.offset(),
                            r.key(),
                            id == null ? null : new String(id.value(), StandardCharsets.UTF_8),
                            r.value()));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the outbox topics could not be read to their end");
                }
            }
        }
        delivered.sort(Comparator.comparing(Checker.Delivered::topic)
                .thenComparingInt(Checker.Delivered::partition)
                .thenComparingLong(Checker.Delivered::offset));
        return delivered;
    }

    /** Trades a second from the first batch's commit to the last. */
    private static double appliedPerSecond(Connection c) throws SQLException {
        try (var rs = c.createStatement()
                .executeQuery(
                        "SELECT count(*), extract(epoch FROM max(received_at) - min(received_at)) FROM trade_inbox")) {
            rs.next();
            double seconds = rs.getDouble(2);
            return seconds > 0 ? rs.getLong(1) / seconds : 0;
        }
    }

    /** What the workload did, as the database recorded it. */
    private static Map<String, Long> tally(Connection c, Workload w) throws SQLException {
        Map<String, Long> t = new java.util.LinkedHashMap<>();
        t.put("price records sent", w.priceRecords.get());
        t.put("deposits booked (+ repeats answered with the first receipt)", w.deposits.get());
        t.put("deposit repeats", w.depositRepeats.get());
        t.put("withdrawals requested", w.withdrawalsRequested.get());
        String[][] queries = {
            {"withdrawals approved", "SELECT count(*) FROM withdrawal WHERE status = 'APPROVED'"},
            {"withdrawals rejected", "SELECT count(*) FROM withdrawal WHERE status = 'REJECTED'"},
            {"margin calls issued", "SELECT count(*) FROM margin_call"},
            {"margin calls met", "SELECT count(*) FROM margin_call WHERE status = 'MET'"},
            {"marks held", "SELECT count(*) FROM outbox WHERE type = 'MARK_HELD'"},
            {"settlement cycles", "SELECT count(*) FROM settlement_cycle"},
            {"settlement instructions", "SELECT count(*) FROM settlement_instruction"},
            {"confirmations applied", "SELECT count(*) FROM settlement_confirmation WHERE outcome = 'APPLIED'"},
            {"confirmations duplicate", "SELECT count(*) FROM settlement_confirmation WHERE outcome = 'DUPLICATE'"},
            {"confirmations rejected", "SELECT count(*) FROM settlement_confirmation WHERE outcome = 'REJECTED'"},
            {"outbox events", "SELECT count(*) FROM outbox"},
            {"journal entries", "SELECT count(*) FROM journal_entry"},
        };
        for (String[] q : queries) {
            try (var rs = c.createStatement().executeQuery(q[1])) {
                rs.next();
                t.put(q[0], rs.getLong(1));
            }
        }
        t.put("settlement cycles requested (answered 201)", w.cyclesRequested.get());
        t.put("confirmations sent", w.confirmationsSent.get());
        return t;
    }

    /** The venue topics, the custodian's topic and the outbox topics, replicated three times. */
    private static void createTopics(Deployment d) throws Exception {
        List<NewTopic> topics = new ArrayList<>();
        for (VenueSpec v : VenueSpec.DEFAULTS) {
            topics.add(new NewTopic("trades." + v.code(), d.options.partitions(), (short) 3));
            topics.add(new NewTopic("prices." + v.code(), 1, (short) 3));
        }
        topics.add(new NewTopic(Deployment.CONFIRMATIONS, 2, (short) 3));
        topics.add(new NewTopic("trades.dlq", 3, (short) 3));
        OUTBOX_TOPICS.forEach(t -> topics.add(new NewTopic(t, 3, (short) 3)));
        try (Admin admin = Admin.create(d.publisherLogin())) {
            admin.createTopics(topics).all().get(60, TimeUnit.SECONDS);
        }
    }

    private static void prepare(Path dir) throws IOException, InterruptedException {
        if (Files.exists(dir)) {
            DiskFullFault.unmountLeftovers(dir);
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Files.createDirectories(dir);
    }

    static void log(String format, Object... args) {
        System.out.printf(
                "[%s] %s%n",
                Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS), String.format(format, args));
    }
}
