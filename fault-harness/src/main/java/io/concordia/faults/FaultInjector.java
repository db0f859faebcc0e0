package io.concordia.faults;

import io.concordia.bench.ingest.ConcordiaProcess;
import io.concordia.kafka.embedded.EmbeddedKafkaBroker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;

/**
 * Injects faults on a seeded schedule: round after round, every kind once in a shuffled order, a seeded pause before
 * each, its target chosen by the same random. After each fault is healed it waits until every instance is ready and
 * has applied everything published so far, and records how long that took.
 */
final class FaultInjector {

    /** Longer than the consumers' session (15 s): the group moves the paused instance's partitions to the others. */
    static final Duration PAUSE = Duration.ofSeconds(25);

    static final Duration SLOW_DATABASE = Duration.ofSeconds(8);
    static final Duration RECOVERY_LIMIT = Duration.ofMinutes(3);

    /**
     * One fault as it happened.
     *
     * @param outage    from the injection to the heal (restart, SIGCONT, disk freed)
     * @param recovery  from the heal until every instance was ready and the lag zero; null if it never was
     * @param note      what was hit, and anything unusual
     */
    record Injected(FaultKind kind, String target, Instant at, Duration outage, Duration recovery, String note) {}

    private final Deployment deployment;
    private final Random random;
    private final List<Injected> injected = new ArrayList<>();

    FaultInjector(Deployment deployment, long seed) {
        this.deployment = deployment;
        this.random = new Random(seed ^ 0x5EEDFA17L);
    }

    /** Runs the schedule until {@code until} (or its rounds are done), then returns what was injected. */
    List<Injected> run(Instant until) throws Exception {
        HarnessOptions o = deployment.options;
        if (o.faults().isEmpty()) {
            return injected;
        }
        for (int round = 1; o.rounds() == 0 || round <= o.rounds(); round++) {
            List<FaultKind> order = new ArrayList<>(o.faults());
            order.sort(null);
            java.util.Collections.shuffle(order, random);
            for (FaultKind kind : order) {
                long gap = o.faultGap().toMillis() / 2
                        + (long) (random.nextDouble() * o.faultGap().toMillis());
                if (o.rounds() == 0 && Instant.now().plusMillis(gap).isAfter(until)) {
                    return injected;
                }
                Thread.sleep(gap);
                inject(kind);
            }
        }
        return injected;
    }

    List<Injected> injected() {
        return injected;
    }

    void inject(FaultKind kind) throws Exception {
        Instant at = Instant.now();
        long injectedAt = System.nanoTime();
        long healedAt;
        String target;
        String note = "";
        switch (kind) {
            case APP_KILL -> {
                int n = 1 + random.nextInt(deployment.instanceCount());
                target = "instance " + n;
                deployment.killInstance(n);
                Thread.sleep(1_000 + random.nextInt(2_000));
                healedAt = System.nanoTime();
                deployment.startInstance(n);
            }
            case APP_PAUSE -> {
                int n = 1 + random.nextInt(deployment.instanceCount());
                ConcordiaProcess p = deployment.instance(n);
                target = "instance " + n;
                Processes.signal(p.pid(), "STOP");
                Thread.sleep(PAUSE.toMillis());
                healedAt = System.nanoTime();
                Processes.signal(p.pid(), "CONT");
            }
            case DB_RESTART -> {
                target = "PostgreSQL";
                deployment.database.immediateStop();
                Thread.sleep(2_000);
                healedAt = System.nanoTime();
                deployment.database.start();
            }
            case DB_SLOW -> {
                target = "PostgreSQL";
                List<Long> stopped = deployment.database.pause();
                note = stopped.size() + " server processes stopped for " + SLOW_DATABASE.toSeconds() + " s";
                Thread.sleep(SLOW_DATABASE.toMillis());
                healedAt = System.nanoTime();
                deployment.database.resume(stopped);
            }
            case BROKER_KILL -> {
                int leader = leaderOfFirstTradePartition();
                target = "broker " + leader + " (leader of trades.venue-a-0)";
                deployment.kafka.kill(leader);
                Thread.sleep(5_000);
                healedAt = System.nanoTime();
                deployment.kafka.restart(leader);
            }
            case DISK_FULL -> {
                target = "broker " + DiskFullFault.NODE + "'s log directory";
                DiskFullFault disk = deployment.diskFull;
                if (!disk.available()) {
                    record(kind, target, at, Duration.ZERO, Duration.ZERO, "not simulated: " + disk.refusal());
                    return;
                }
                long bytes = disk.fill();
                EmbeddedKafkaBroker broker = deployment.kafka.node(DiskFullFault.NODE);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (broker.isAlive() && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                note = "filled with " + (bytes >> 20) + " MiB; the broker "
                        + (broker.isAlive()
                                ? "still ran after 30 s and was killed"
                                : "stopped on its own (its only log directory failed)");
                deployment.kafka.kill(DiskFullFault.NODE);
                healedAt = System.nanoTime();
                disk.free();
                deployment.kafka.restart(DiskFullFault.NODE);
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
        Duration outage = Duration.ofNanos(healedAt - injectedAt);
        Duration recovery;
        try {
            Deployment.Recovery r = deployment.awaitRecovered(RECOVERY_LIMIT);
            recovery = Duration.ofNanos(System.nanoTime() - healedAt);
            long healing = Duration.ofNanos(System.nanoTime() - healedAt)
                    .minus(r.caughtUp())
                    .toMillis();
            note = (note.isEmpty() ? "" : note + "; ")
                    + String.format(
                            java.util.Locale.ROOT,
                            "healing %.1f s, all ready %.1f s later, lag zero %.1f s after that",
                            healing / 1e3,
                            r.ready().toMillis() / 1e3,
                            r.caughtUp().minus(r.ready()).toMillis() / 1e3);
        } catch (IllegalStateException e) {
            recovery = null;
            note = (note.isEmpty() ? "" : note + "; ") + "NOT RECOVERED within " + RECOVERY_LIMIT + ": "
                    + e.getMessage();
        }
        record(kind, target, at, outage, recovery, note);
    }

    private void record(FaultKind kind, String target, Instant at, Duration outage, Duration recovery, String note) {
        Injected i = new Injected(kind, target, at, outage, recovery, note);
        injected.add(i);
        System.out.printf(
                "[%s] fault %s on %s: down %.1f s, recovered %s after the heal%s%n",
                Instant.now(),
                kind.label(),
                target,
                outage.toMillis() / 1e3,
                recovery == null ? "NEVER" : String.format("%.1f s", recovery.toMillis() / 1e3),
                note.isEmpty() ? "" : " (" + note + ")");
    }

    private int leaderOfFirstTradePartition() throws Exception {
        try (Admin admin = Admin.create(deployment.publisherLogin())) {
            TopicDescription d = admin.describeTopics(List.of("trades.venue-a"))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get("trades.venue-a");
            return d.partitions().get(0).leader().id();
        }
    }
}
