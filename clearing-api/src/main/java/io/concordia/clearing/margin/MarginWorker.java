package io.concordia.clearing.margin;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.account.AccountLocks;
import io.concordia.clearing.ingest.SqlArrays;
import io.concordia.clearing.outbox.OutboxRelay;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Re-margins accounts: those queued by trades, mark changes, collateral movements and activations, and the chunks
 * of full runs. Each step is one transaction that locks its accounts (ascending) before reading them, so a result
 * is never computed from a state another writer is half-way through. Several instances share the work.
 */
@ApplicationScoped
public class MarginWorker {

    private static final Logger LOG = Logger.getLogger(MarginWorker.class);
    private static final Duration TICK = Duration.ofSeconds(1);
    private static final int PARALLEL_THRESHOLD = 256;

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
    Clock clock;

    private volatile boolean running;
    private Thread thread;
    private final List<Thread> runThreads = new ArrayList<>();
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
    }

    void onStop(@Observes ShutdownEvent event) {
        running = false;
        wake();
        List<Thread> all = new ArrayList<>(runThreads);
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
                busy |= drainQueue() > 0;
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

    /** Only full-run chunks, beside the main loop. */
    private void runChunks() {
        while (running) {
            try {
                if (!runChunk()) {
                    pause(config.pollInterval().multipliedBy(4));
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warnf(e, "margin run thread: %s", e.toString());
                pause(Duration.ofSeconds(1));
            }
        }
    }

    /** Activates due schedules, moves calls past their deadline, and starts a full run when one is due. */
    void tick() throws SQLException {
        inTransaction(c -> {
            schedules.activateDue(c);
            calls.processDeadlines(c, clock.instant());
            runs.startIfDue(c, config.fullRunInterval());
            return 0;
        });
    }

    /** Re-margins one batch of queued accounts. @return how many were re-margined */
    public int drainQueue() throws SQLException {
        return inTransaction(c -> {
            List<Long> candidates = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT account_id FROM margin_queue ORDER BY since LIMIT ?")) {
                ps.setInt(1, config.batchSize());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates.add(rs.getLong(1));
                    }
                }
            }
            if (candidates.isEmpty()) {
                return 0;
            }
            AccountLocks.lock(c, candidates);
            List<Long> claimed = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM margin_queue WHERE account_id = ANY (?) RETURNING account_id")) {
                ps.setArray(1, SqlArrays.longs(c, candidates));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(rs.getLong(1));
                    }
                }
            }
            return remargin(c, claimed, "event");
        });
    }

    /** Runs one chunk of a full run, if any is waiting. @return whether one ran */
    public boolean runChunk() throws SQLException {
        return inTransaction(c -> {
            MarginRuns.Chunk chunk = runs.claimChunk(c);
            if (chunk == null) {
                return 0;
            }
            List<Long> ids = runs.accountsOf(c, chunk);
            AccountLocks.lock(c, ids);
            int n = remargin(c, ids, "full-run:" + chunk.runId());
            runs.finishChunk(c, chunk, n, clock.instant());
            return 1;
        }) > 0;
    }

    /** Loads, margins and stores the accounts, whose locks the caller holds. @return how many were margined */
    int remargin(Connection c, Collection<Long> accounts, String cause) throws SQLException {
        if (accounts.isEmpty()) {
            return 0;
        }
        var inputs = MarginBook.load(c, accounts);
        MarginEngine.Risk risk = engine.covering(c, inputs.values());
        List<MarginBook.AccountInput> covered = new ArrayList<>(inputs.size());
        for (MarginBook.AccountInput in : inputs.values()) {
            if (MarginEngine.covers(risk, in)) {
                covered.add(in);
            } else {
                LOG.errorf("account %s holds an underlying the active scenario set %s has no history for; not margined",
                        in.code(), risk.scenarioSetId());
            }
        }
        // margin-core is pure and its context immutable: large batches use every core
        var stream = covered.size() >= PARALLEL_THRESHOLD ? covered.parallelStream() : covered.stream();
        List<MarginStore.Result> results = stream.map(in -> MarginStore.Result.of(in, MarginEngine.margin(risk, in))).toList();
        store.save(c, risk, results, cause, clock.instant());
        return results.size();
    }

    private interface Work {
        int run(Connection c) throws SQLException;
    }

    private int inTransaction(Work work) throws SQLException {
        int n;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                n = work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
        if (n > 0) {
            relay.wake();
        }
        return n;
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
