package io.concordia.clearing.margin;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY r.id DESC LIMIT ?")) {
            ps.setInt(1, limit);
            List<RunView> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(view(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Starts a scheduled run when the last one is older than the interval; one instance decides at a time. */
    void startIfDue(Connection c, Duration interval) throws SQLException {
        try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, SCHEDULER_LOCK);
            try (ResultSet rs = lock.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT max(requested_at) FROM margin_run");
                ResultSet rs = ps.executeQuery()) {
            rs.next();
            Timestamp last = rs.getTimestamp(1);
            if (last != null && last.toInstant().plus(interval).isAfter(clock.instant())) {
                return;
            }
        }
        create(c, "concordia:schedule");
    }

    long create(Connection c, String actor) throws SQLException {
        long id;
        try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO margin_run (requested_by, requested_at) VALUES (?, ?) RETURNING id")) {
            ps.setString(1, actor);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO margin_run_chunk (run_id, chunk, from_account_id, to_account_id)
                SELECT ?, chunk, min(id), max(id)
                  FROM (SELECT id, (row_number() OVER (ORDER BY id) - 1) / ? AS chunk FROM account WHERE status <> 'CLOSED') s
                 GROUP BY chunk""")) {
            ps.setLong(1, id);
            ps.setInt(2, config.runChunkSize());
            if (ps.executeUpdate() == 0) {
                finish(c, id, clock.instant());
            }
        }
        return id;
    }

    /** Claims the oldest waiting chunk, or returns {@code null}. */
    Chunk claimChunk(Connection c) throws SQLException {
        try (PreparedStatement ps =
                        c.prepareStatement("SELECT run_id, chunk, from_account_id, to_account_id FROM margin_run_chunk "
                                + "WHERE done_at IS NULL ORDER BY run_id, chunk LIMIT 1 FOR UPDATE SKIP LOCKED");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? new Chunk(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4)) : null;
        }
    }

    List<Long> accountsOf(Connection c, Chunk chunk) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT id FROM account WHERE id BETWEEN ? AND ? AND status <> 'CLOSED' ORDER BY id")) {
            ps.setLong(1, chunk.fromAccountId());
            ps.setLong(2, chunk.toAccountId());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    void finishChunk(Connection c, Chunk chunk, int accounts, Instant now) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("UPDATE margin_run_chunk SET done_at = ?, done_by = ?, accounts = ? "
                        + "WHERE run_id = ? AND chunk = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, ProcessHandle.current().pid() + "@" + hostName());
            ps.setInt(3, accounts);
            ps.setLong(4, chunk.runId());
            ps.setInt(5, chunk.chunk());
            ps.executeUpdate();
        }
        // chunks finish in parallel: the run row's lock orders the last two, so the later one sees the other committed
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM margin_run WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, chunk.runId());
            ps.executeQuery().close();
        }
        try (PreparedStatement ps =
                c.prepareStatement("SELECT count(*) FROM margin_run_chunk WHERE run_id = ? AND done_at IS NULL")) {
            ps.setLong(1, chunk.runId());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) == 0) {
                    finish(c, chunk.runId(), now);
                }
            }
        }
    }

    private static void finish(Connection c, long runId, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE margin_run SET finished_at = ?, "
                        + "accounts = (SELECT coalesce(sum(accounts), 0) FROM margin_run_chunk WHERE run_id = ?) WHERE id = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setLong(2, runId);
            ps.setLong(3, runId);
            ps.executeUpdate();
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown";
        }
    }

    private static final String SELECT = "SELECT r.id, r.requested_by, r.requested_at, r.finished_at, "
            + "(SELECT count(*) FROM margin_run_chunk k WHERE k.run_id = r.id), "
            + "(SELECT count(*) FROM margin_run_chunk k WHERE k.run_id = r.id AND k.done_at IS NOT NULL), r.accounts "
            + "FROM margin_run r";

    private Optional<RunView> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE r.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(view(rs)) : Optional.empty();
            }
        }
    }

    private static RunView view(ResultSet rs) throws SQLException {
        return new RunView(
                rs.getLong(1),
                rs.getString(2),
                rs.getTimestamp(3).toInstant(),
                ScheduleService.instant(rs, 4),
                rs.getInt(5),
                rs.getInt(6),
                rs.getInt(7));
    }
}
