package io.concordia.clearing.margin;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.account.AccountLocks;
import io.concordia.clearing.common.BackgroundLoop;
import io.concordia.clearing.common.DatabaseErrors;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.clearing.outbox.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
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
import org.jboss.logging.Logger;

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
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration TICK_LOCK_WAIT = Duration.ofSeconds(10);
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
    /** Each piece of work on a loop of its own, so that one that keeps failing never holds up the others. */
    private final List<BackgroundLoop> tickLoops = new ArrayList<>();

    private final List<BackgroundLoop> queueLoops = new ArrayList<>();
    /** Each queue share's pace, touched by that share's thread only. */
    private final List<ContendedPasses> paces = new ArrayList<>();

    private final List<BackgroundLoop> runLoops = new ArrayList<>();

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("margin worker disabled (concordia.margin.enabled=false)");
            return;
        }
        tickLoops.add(loop("margin-tick", TICK, () -> {
            tick();
            return false;
        }));
        for (int share = 0; share < config.queueThreads(); share++) {
            int mine = share;
            paces.add(new ContendedPasses());
            queueLoops.add(loop("margin-queue-" + share, config.pollInterval(), () -> drainQueue(mine) > 0));
        }
        for (int i = 0; i <= config.extraRunThreads(); i++) {
            runLoops.add(loop("margin-run-" + i, config.pollInterval().multipliedBy(4), this::runChunk));
        }
        loops().forEach(BackgroundLoop::start);
    }

    private BackgroundLoop loop(String name, Duration idle, BackgroundLoop.Step step) {
        return new BackgroundLoop(name, idle, MAX_BACKOFF, clock, step);
    }

    void onStop(@Observes ShutdownEvent event) {
        loops().forEach(l -> l.stop(Duration.ZERO));
        loops().forEach(l -> l.stop(Duration.ofSeconds(20)));
    }

    /** Every loop of this instance: the tick, the queue's shares and the full-run chunk runners. */
    public List<BackgroundLoop> loops() {
        List<BackgroundLoop> all = new ArrayList<>(tickLoops);
        all.addAll(queueLoops);
        all.addAll(runLoops);
        return all;
    }

    /** Asks the worker to look at the queue now (after a trade batch, a mark change or a deposit committed). */
    public void wake() {
        queueLoops.forEach(BackgroundLoop::wake);
        runLoops.forEach(BackgroundLoop::wake);
    }

    /**
     * Activates due schedules, starts a full run when one is due, and moves calls past their deadline: each part even
     * when the other fails, the first failure thrown once both have run.
     */
    void tick() {
        RuntimeException failed = null;
        try {
            Jdbc.inTransaction(dataSource, c -> {
                boundLockWaits(c);
                schedules.activateDue(c);
                runs.startIfDue(c, config.fullRunInterval());
                return 0;
            });
        } catch (RuntimeException e) {
            failed = e;
        }
        try {
            if (processDeadlines() > 0) {
                relay.wake();
            }
        } catch (RuntimeException e) {
            if (failed == null) {
                failed = e;
            } else {
                failed.addSuppressed(e);
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    /**
     * Moves the calls past their deadline, each only while a cause is open: the accounts are locked (those another
     * transaction holds wait for the next tick) and re-margined in the same transaction first, so a deposit, a
     * settled payment or a mark that has not been margined yet is seen before a call goes overdue or escalates. An
     * account whose margin cannot be computed is left for the next tick and never holds up the others' deadlines.
     *
     * @return how many calls changed
     */
    int processDeadlines() {
        List<Long> due = Jdbc.inTransaction(dataSource, c -> calls.accountsPastDeadline(c, clock.instant()));
        if (due.isEmpty()) {
            return 0;
        }
        try {
            return processDeadlines(due);
        } catch (RuntimeException e) {
            if (DatabaseErrors.worthRetrying(e) || due.size() == 1) {
                throw e;
            }
        }
        int changed = 0;
        for (long account : due) {
            try {
                changed += processDeadlines(List.of(account));
            } catch (RuntimeException e) {
                if (DatabaseErrors.worthRetrying(e)) {
                    throw e;
                }
                LOG.warnf("deadline of account %d not processed: its margin failed: %s", account, e);
            }
        }
        return changed;
    }

    private int processDeadlines(List<Long> accounts) {
        return Jdbc.inTransaction(dataSource, c -> {
            boundLockWaits(c);
            Instant now = clock.instant();
            Set<Long> locked = AccountLocks.lockAvailable(c, accounts);
            if (locked.isEmpty()) {
                return 0;
            }
            Computed fresh = compute(c, locked, now);
            store.save(c, fresh.risk(), fresh.results(), "deadline", now);
            return calls.processDeadlines(c, locked, now);
        });
    }

    /**
     * Makes the tick's transaction give up on a lock held longer than {@link #TICK_LOCK_WAIT} (a transaction left open
     * elsewhere), with an error the tick's loop reports and retries, rather than wait for it without a word.
     */
    private static void boundLockWaits(Connection c) {
        // SET takes no parameters: the value is a constant of this class
        Sql.on(c).update("SET LOCAL lock_timeout = '" + TICK_LOCK_WAIT.toMillis() + "ms'");
    }

    /**
     * Re-margins one batch of this share of the queue. An account that the engine cannot margin is set aside for a
     * while ({@link MarginQueue#setAside}) and alerted, so that it never stops the others.
     *
     * @return how many left the queue
     */
    private int drainQueue(int share) {
        ContendedPasses pace = paces.get(share);
        if (!pace.due(System.nanoTime())) {
            return 0;
        }
        Map<Long, Long> versions = Jdbc.with(
                dataSource,
                c -> MarginQueue.oldest(c, config.batchSize(), share, config.queueThreads(), clock.instant()));
        if (versions.isEmpty()) {
            return 0;
        }
        int stored = marginOrSplit(versions);
        pace.record(versions.size(), stored, System.nanoTime());
        return stored;
    }

    /**
     * Margins the accounts; when that fails for a reason other than the database's state, margins each half apart,
     * down to the account that fails alone, which is set aside: a few failing accounts cost a few extra passes.
     */
    private int marginOrSplit(Map<Long, Long> versions) {
        try {
            return margin(versions);
        } catch (RuntimeException e) {
            if (DatabaseErrors.worthRetrying(e)) {
                throw e;
            }
            if (versions.size() == 1) {
                setAside(versions.keySet().iterator().next(), e);
                return 0;
            }
        }
        List<Map.Entry<Long, Long>> entries = List.copyOf(versions.entrySet());
        int half = entries.size() / 2;
        return marginOrSplit(toMap(entries.subList(0, half)))
                + marginOrSplit(toMap(entries.subList(half, entries.size())));
    }

    private static Map<Long, Long> toMap(List<Map.Entry<Long, Long>> entries) {
        Map<Long, Long> out = new LinkedHashMap<>();
        entries.forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /**
     * Margins queued accounts: versions read, accounts loaded and computed without locks, results stored for those
     * that did not change meanwhile. @return how many left the queue
     */
    private int margin(Map<Long, Long> versions) {
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

    /** Keeps a failing account queued, out of the way for a while; the operators hear of it on its first failure. */
    private void setAside(long account, RuntimeException failure) {
        Jdbc.inTransaction(dataSource, c -> {
            MarginQueue.SetAside entry = MarginQueue.setAside(c, account, failure.toString(), clock.instant());
            if (entry == null) {
                return 0; // margined meanwhile by another instance
            }
            LOG.warnf(
                    "account %s could not be margined (%d failed attempts), retried from %s: %s",
                    entry.accountCode(), entry.attempts(), entry.retryAt(), failure);
            if (entry.attempts() == 1) {
                outbox.append(
                        c,
                        MarginStore.EVENTS_TOPIC,
                        entry.accountCode(),
                        "ACCOUNT_MARGIN_FAILED",
                        Map.of(
                                "account",
                                entry.accountCode(),
                                "error",
                                entry.error(),
                                "retryAt",
                                entry.retryAt().toString()));
            }
            return 0;
        });
        relay.wake();
    }

    /**
     * Runs one chunk of a full run, if any is waiting. A chunk that fails as a whole for a reason other than the
     * database's state hands its accounts to the queue, which margins them one by one and sets aside any that fails.
     *
     * @return whether one ran
     */
    public boolean runChunk() {
        boolean ran;
        try {
            ran = Jdbc.inTransaction(dataSource, c -> {
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
                    })
                    > 0;
        } catch (RuntimeException e) {
            if (DatabaseErrors.worthRetrying(e)) {
                throw e;
            }
            LOG.warnf("a full-run chunk could not be margined as a whole; its accounts are queued one by one: %s", e);
            ran = Jdbc.inTransaction(dataSource, c -> {
                        MarginRuns.Chunk chunk = runs.claimChunk(c);
                        if (chunk == null) {
                            return 0;
                        }
                        MarginQueue.enqueue(c, runs.accountsOf(c, chunk));
                        runs.finishChunk(c, chunk, 0, clock.instant());
                        return 1;
                    })
                    > 0;
            wake();
        }
        if (ran) {
            relay.wake();
        }
        return ran;
    }

    /** Results computed under one risk. */
    private record Computed(MarginEngine.Risk risk, List<MarginStore.Result> results) {}

    /**
     * Loads and margins the accounts: every one, those the risk cannot price at their full notional. Options are valued
     * at {@code valuationTime}, which the margin is stored under as its computation time.
     */
    private Computed compute(Connection c, Collection<Long> accounts, Instant valuationTime) {
        var inputs = MarginBook.load(c, accounts, valuationTime);
        MarginEngine.Risk risk = engine.covering(c, inputs.values());
        alertUncovered(c, risk, MarginEngine.uncovered(risk, inputs.values()));
        List<MarginBook.AccountInput> all = List.copyOf(inputs.values());
        // margin-core is pure and its context immutable: large batches use every core
        var stream = all.size() >= PARALLEL_THRESHOLD ? all.parallelStream() : all.stream();
        // each distinct option is revalued under the scenarios once for the batch, not once per account holding it
        var valuations = MarginEngine.valuations(risk, all);
        return new Computed(
                risk,
                stream.map(in -> MarginStore.Result.of(in, MarginEngine.margin(risk, in, valuations)))
                        .toList());
    }

    /**
     * Tells the operators, once per underlying and risk on this instance, that accounts holding it are margined at
     * their full notional because the schedule gives it no tier or the scenario set no history: the figures are safe
     * but punitive, and the cure (a schedule or scenario set that covers it) is theirs. The alert names the accounts of
     * the batch that met it first; every account margined so shows binding FULL_NOTIONAL in its own margin.
     */
    private void alertUncovered(Connection c, MarginEngine.Risk risk, Map<String, List<String>> uncovered) {
        for (Map.Entry<String, List<String>> e : uncovered.entrySet()) {
            if (alerted.add(risk.scheduleVersion() + "/" + risk.scenarioSetId() + "/" + e.getKey())) {
                LOG.warnf(
                        "underlying %s has no tier in schedule %s or no history in scenario set %s: accounts %s are "
                                + "margined at their full notional",
                        e.getKey(), risk.scheduleVersion(), risk.scenarioSetId(), e.getValue());
                outbox.append(
                        c,
                        MarginStore.EVENTS_TOPIC,
                        e.getKey(),
                        "UNDERLYING_MARGINED_AT_FULL_NOTIONAL",
                        Map.of(
                                "underlying",
                                e.getKey(),
                                "scheduleVersion",
                                risk.scheduleVersion(),
                                "scenarioSetId",
                                risk.scenarioSetId(),
                                "accountCount",
                                e.getValue().size(),
                                "accounts",
                                e.getValue()
                                        .subList(
                                                0,
                                                Math.min(
                                                        ALERTED_ACCOUNTS,
                                                        e.getValue().size()))));
            }
        }
    }
}
