package io.concordia.clearing.margin;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Full margin runs over every open account, split into chunks of consecutive account ids that the instances' workers
 * claim with SKIP LOCKED: no two instances ever margin the same chunk, and a chunk whose instance died is claimed
 * again because its transaction never committed.
 */
@ApplicationScoped
public class MarginRuns {

    /** A run as operators read it. */
    public record RunView(
            long id,
            String requestedBy,
            Instant requestedAt,
            Instant finishedAt,
            int chunks,
            int chunksDone,
            int accounts) {}

    /** A claimed chunk. */
    record Chunk(long runId, int chunk, long fromAccountId, long toAccountId) {}

    private static final long SCHEDULER_LOCK = 0x4D52_554EL; // "MRUN"

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MarginConfig config;

    @Inject
    AuditService audit;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    /** Starts a run on an operator's demand. */
    @Transactional
    public RunView start() {
        return Jdbc.with(dataSource, c -> {
            long id = create(c, caller.actor());
            RunView view = find(c, id).orElseThrow();
            audit.record("START_MARGIN_RUN", "margin-run", String.valueOf(id), null, view);
            return view;
        });
    }

    @Transactional
    public RunView get(long id) {
        return Jdbc.with(dataSource, c -> {
            return find(c, id).orElseThrow(() -> ApiProblem.notFound("margin run", String.valueOf(id)));
        });
    }

    @Transactional
    public List<RunView> recent(int limit) {
        return Jdbc.with(
                dataSource, c -> Sql.on(c).list(SELECT + " ORDER BY r.id DESC LIMIT ?", MarginRuns::view, limit));
    }

    /** Starts a scheduled run when the last one is older than the interval; one instance decides at a time. */
    void startIfDue(Connection c, Duration interval) {
        Sql sql = Sql.on(c);
        if (!sql.one("SELECT pg_try_advisory_xact_lock(?) AS locked", row -> row.bool("locked"), SCHEDULER_LOCK)) {
            return;
        }
        Optional<Instant> last =
                sql.first("SELECT max(requested_at) AS last FROM margin_run", row -> row.instant("last"));
        if (last.isPresent() && last.get().plus(interval).isAfter(clock.instant())) {
            return;
        }
        create(c, "concordia:schedule");
    }

    long create(Connection c, String actor) {
        Sql sql = Sql.on(c);
        long id = sql.one(
                "INSERT INTO margin_run (requested_by, requested_at) VALUES (?, ?) RETURNING id",
                MarginRuns::id,
                actor,
                clock.instant());
        int chunks = sql.update("""
                INSERT INTO margin_run_chunk (run_id, chunk, from_account_id, to_account_id)
                SELECT ?, chunk, min(id), max(id)
                  FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / ? AS chunk FROM account WHERE status <> 'CLOSED') s
                 GROUP BY chunk""", id, config.runChunkSize());
        if (chunks == 0) {
            finish(c, id, clock.instant());
        }
        return id;
    }

    /** Claims the oldest waiting chunk, or returns {@code null}. */
    Chunk claimChunk(Connection c) {
        return Sql.on(c)
                .first(
                        "SELECT run_id, chunk, from_account_id, to_account_id FROM margin_run_chunk "
                                + "WHERE done_at IS NULL ORDER BY run_id, chunk LIMIT 1 FOR UPDATE SKIP LOCKED",
                        row -> new Chunk(
                                row.longValue("run_id"),
                                row.intValue("chunk"),
                                row.longValue("from_account_id"),
                                row.longValue("to_account_id")))
                .orElse(null);
    }

    List<Long> accountsOf(Connection c, Chunk chunk) {
        return Sql.on(c)
                .list(
                        "SELECT id FROM account WHERE id BETWEEN ? AND ? AND status <> 'CLOSED' ORDER BY id",
                        MarginRuns::id,
                        chunk.fromAccountId(),
                        chunk.toAccountId());
    }

    void finishChunk(Connection c, Chunk chunk, int accounts, Instant now) {
        Sql sql = Sql.on(c);
        sql.update(
                "UPDATE margin_run_chunk SET done_at = ?, done_by = ?, accounts = ? "
                        + "WHERE run_id = ? AND chunk = ?",
                now,
                ProcessHandle.current().pid() + "@" + hostName(),
                accounts,
                chunk.runId(),
                chunk.chunk());
        // chunks finish in parallel: the run row's lock orders the last two, so the later one sees the other committed
        sql.first("SELECT id FROM margin_run WHERE id = ? FOR UPDATE", MarginRuns::id, chunk.runId());
        long waiting = sql.one(
                "SELECT count(*) AS n FROM margin_run_chunk WHERE run_id = ? AND done_at IS NULL",
                row -> row.longValue("n"),
                chunk.runId());
        if (waiting == 0) {
            finish(c, chunk.runId(), now);
        }
    }

    private static void finish(Connection c, long runId, Instant now) {
        Sql.on(c)
                .update(
                        "UPDATE margin_run SET finished_at = ?, "
                                + "accounts = (SELECT coalesce(sum(accounts), 0) FROM margin_run_chunk WHERE run_id = ?) WHERE id = ?",
                        now,
                        runId,
                        runId);
    }

    private static long id(Row row) throws SQLException {
        return row.longValue("id");
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    private static final String SELECT = "SELECT r.id, r.requested_by, r.requested_at, r.finished_at, "
            + "(SELECT count(*) FROM margin_run_chunk k WHERE k.run_id = r.id) AS chunks, "
            + "(SELECT count(*) FROM margin_run_chunk k WHERE k.run_id = r.id AND k.done_at IS NOT NULL) AS chunks_done, "
            + "r.accounts FROM margin_run r";

    private Optional<RunView> find(Connection c, long id) {
        return Sql.on(c).first(SELECT + " WHERE r.id = ?", MarginRuns::view, id);
    }

    private static RunView view(Row row) throws SQLException {
        return new RunView(
                row.longValue("id"),
                row.string("requested_by"),
                row.instant("requested_at"),
                row.instant("finished_at"),
                row.intValue("chunks"),
                row.intValue("chunks_done"),
                row.intValue("accounts"));
    }
}
