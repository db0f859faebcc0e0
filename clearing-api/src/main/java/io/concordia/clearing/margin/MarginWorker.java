package io.concordia.clearing.margin;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.account.AccountLocks;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.clearing.outbox.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Re-margins accounts: those queued by trades, mark changes, collateral movements and activations, and the chunks
 * of full runs. Several instances share the work.
 *
 * <p>Queued accounts are read and computed without locks, so that trade batches never wait for a computation; the
 * result is stored only for accounts whose queue entry still has the version read before they were loaded, locked
 * without waiting for them ({@link MarginQueue}). Every change re-queues its account with a new version in its own
 * transaction, so a stored result is that of the account as it stands when stored, and an account that changed in
 * between stays queued and is computed again. Queue work is split by account id over
 * {@link MarginConfig#queueThreads()} threads. A full-run chunk locks its accounts (ascending) for its whole
 * read-compute-store instead: it has no queue entries to compare.
 */
@ApplicationScoped
public class MarginWorker {

    private static final Logger LOG = Logger.getLogger(MarginWorker.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final int PARALLEL_THRESHOLD = 256;
    /** How many account codes an alert names; the count says how many there are. */
    private static final int ALERTED_ACCOUNTS = 100;

    @Inject
    MarginConfig config;
    @Inject
    AgroalDataSource dataSource;
    @Inject
    MarginEngine engine;
    @Inject
    MarginStore store;
    @Inject
    MarginCallService calls;
    @Inject
    ScheduleService schedules;
    @Inject
    MarginRuns runs;
    @Inject
    OutboxRelay relay;
    @Inject
    Outbox outbox;
    @Inject
    Clock clock;

    /** Underlyings already alerted as margined at full notional, per schedule version and scenario set. */
    private final Set<String> alerted = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private Thread thread;
    private final List<Thread> runThreads = new ArrayList<>();
    private final List<Thread> queueThreads = new ArrayList<>();
    private final Object wakeUp = new Object();
    private Instant nextTick = Instant.EPOCH;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("margin worker disabled (concordia.margin.enabled=false)");
            return;
        }
        running = true;
        thread = new Thread(this::run, "margin-worker");
        thread.start();
        for (int i = 0; i < config.extraRunThreads(); i++) {
            Thread t = new Thread(this::runChunks, "margin-run-" + (i + 1));
            runThreads.add(t);
            t.start();
        }
        for (int share = 1; share < config.queueThreads(); share++) {
            int mine = share;
            Thread t = new Thread(() -> drainShare(mine), "margin-queue-" + share);
            queueThreads.add(t);
            t.start();
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        wake();
        List<Thread> all = new ArrayList<>(runThreads);
        all.addAll(queueThreads);
        if (thread != null) {
            all.add(thread);
        }
        for (Thread t : all) {
            try {
                t.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Asks the worker to look at the queue now (after a trade batch, a mark change or a deposit committed). */
    public void wake() {
        synchronized (wakeUp) {
            wakeUp.notifyAll();
        }
    }

    private void run() {
        Duration backoff = config.pollInterval();
        while (running) {
            try {
                boolean busy = false;
                if (!clock.instant().isBefore(nextTick)) {
                    tick();
                    nextTick = clock.instant().plus(TICK);
                }
                busy |= drainQueue(0) > 0;
                busy |= runChunk();
                backoff = config.pollInterval();
                if (!busy) {
                    pause(config.pollInterval());
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warnf(e, "margin worker: %s; retrying in %s", e.toString(), backoff);
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
            }
        }
    }

    /** One share of the queue, beside the main loop (which drains share 0). */
    private void drainShare(int share) {
        while (running) {
            try {
                if (drainQueue(share) == 0) {
                    pause(config.pollInterval());
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warnf(e, "margin queue thread: %s", e.toString());
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /** Only full-run chunks, beside the main loop. */
    private void runChunks() {
        while (running) {
            try {
                if (!runChunk()) {
                    pause(config.pollInterval().multipliedBy(4));
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "margin run thread: %s", e.toString());
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /** Activates due schedules, moves calls past their deadline, and starts a full run when one is due. */
    void tick() {
        Jdbc.inTransaction(dataSource, c -> {
            schedules.activateDue(c);
            runs.startIfDue(c, config.fullRunInterval());
            return 0;
        });
        if (processDeadlines() > 0) {
            relay.wake();
        }
    }

    /**
     * Moves the calls past their deadline, each only while a cause is open: the accounts are locked (those another
     * transaction holds wait for the next tick) and re-margined in the same transaction first, so a deposit, a
     * settled payment or a mark that has not been margined yet is seen before a call goes overdue or escalates.
     *
     * @return how many calls changed
     */
    int processDeadlines() {
        return Jdbc.inTransaction(dataSource, c -> {
            Instant now = clock.instant();
            List<Long> due = calls.accountsPastDeadline(c, now);
            if (due.isEmpty()) {
                return 0;
            }
            Set<Long> locked = AccountLocks.lockAvailable(c, due);
            if (locked.isEmpty()) {
                return 0;
            }
            Computed fresh = compute(c, locked, now);
            store.save(c, fresh.risk(), fresh.results(), "deadline", now);
            return calls.processDeadlines(c, locked, now);
        });
    }

    /**
     * Re-margins one batch of this share of the queue: versions read, accounts loaded and computed without locks,
     * results stored for those that did not change meanwhile. @return how many left the queue
     */
    private int drainQueue(int share) throws SQLException {
        Map<Long, Long> versions;
        try (Connection c = dataSource.getConnection()) {
            versions = MarginQueue.oldest(c, config.batchSize(), share, config.queueThreads());
        }
        if (versions.isEmpty()) {
            return 0;
        }
        Instant valuationTime = clock.instant();
        Computed computed = Jdbc.inTransaction(dataSource, c -> compute(c, versions.keySet(), valuationTime));
        int stored = Jdbc.inTransaction(dataSource, c -> {
            Map<Long, Long> held = new LinkedHashMap<>(versions);
            held.keySet().retainAll(AccountLocks.lockAvailable(c, versions.keySet()));
            Set<Long> unchanged = MarginQueue.removeUnchanged(c, held);
            List<MarginStore.Result> results = new ArrayList<>(unchanged.size());
            for (MarginStore.Result r : computed.results()) {
                if (unchanged.contains(r.input().id())) {
                    results.add(r);
                }
            }
            store.save(c, computed.risk(), results, "event", valuationTime);
            return unchanged.size();
        });
        if (stored > 0) {
            relay.wake(); // the events and calls just written
        }
        return stored;
    }

    /** Runs one chunk of a full run, if any is waiting. @return whether one ran */
    public boolean runChunk() {
        boolean ran = Jdbc.inTransaction(dataSource, c -> {
            MarginRuns.Chunk chunk = runs.claimChunk(c);
            if (chunk == null) {
                return 0;
            }
            List<Long> ids = runs.accountsOf(c, chunk);
            AccountLocks.lock(c, ids);
            Instant valuationTime = clock.instant();
            Computed computed = compute(c, ids, valuationTime);
            store.save(c, computed.risk(), computed.results(), "full-run:" + chunk.runId(), valuationTime);
            runs.finishChunk(c, chunk, computed.results().size(), valuationTime);
            return 1;
        }) > 0;
        if (ran) {
            relay.wake();
        }
        return ran;
    }

    /** Results computed under one risk. */
    private record Computed(MarginEngine.Risk risk, List<MarginStore.Result> results) {
    }

    /**
     * Loads and margins the accounts: every one, those the risk cannot price at their full notional. Options are valued
     * at {@code valuationTime}, which the margin is stored under as its computation time.
     */
    private Computed compute(Connection c, Collection<Long> accounts, Instant valuationTime) throws SQLException {
        var inputs = MarginBook.load(c, accounts, valuationTime);
        MarginEngine.Risk risk = engine.covering(c, inputs.values());
        alertUncovered(c, risk, MarginEngine.uncovered(risk, inputs.values()));
        List<MarginBook.AccountInput> all = List.copyOf(inputs.values());
        // margin-core is pure and its context immutable: large batches use every core
        var stream = all.size() >= PARALLEL_THRESHOLD ? all.parallelStream() : all.stream();
        // each distinct option is revalued under the scenarios once for the batch, not once per account holding it
        var valuations = MarginEngine.valuations(risk, all);
        return new Computed(risk, stream.map(in -> MarginStore.Result.of(in, MarginEngine.margin(risk, in, valuations))).toList());
    }

    /**
     * Tells the operators, once per underlying and risk on this instance, that accounts holding it are margined at
     * their full notional because the schedule gives it no tier or the scenario set no history: the figures are safe
     * but punitive, and the cure (a schedule or scenario set that covers it) is theirs. The alert names the accounts of
     * the batch that met it first; every account margined so shows binding FULL_NOTIONAL in its own margin.
     */
    private void alertUncovered(Connection c, MarginEngine.Risk risk, Map<String, List<String>> uncovered) throws SQLException {
        for (Map.Entry<String, List<String>> e : uncovered.entrySet()) {
            if (alerted.add(risk.scheduleVersion() + "/" + risk.scenarioSetId() + "/" + e.getKey())) {
                LOG.warnf("underlying %s has no tier in schedule %s or no history in scenario set %s: accounts %s are "
                        + "margined at their full notional", e.getKey(), risk.scheduleVersion(), risk.scenarioSetId(), e.getValue());
                outbox.append(c, MarginStore.EVENTS_TOPIC, e.getKey(), "UNDERLYING_MARGINED_AT_FULL_NOTIONAL", Map.of(
                        "underlying", e.getKey(), "scheduleVersion", risk.scheduleVersion(),
                        "scenarioSetId", risk.scenarioSetId(), "accountCount", e.getValue().size(),
                        "accounts", e.getValue().subList(0, Math.min(ALERTED_ACCOUNTS, e.getValue().size()))));
            }
        }
    }

    private void pause(Duration d) {
        synchronized (wakeUp) {
            try {
                wakeUp.wait(Math.max(1, d.toMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
