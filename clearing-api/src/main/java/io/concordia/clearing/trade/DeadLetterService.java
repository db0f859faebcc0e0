package io.concordia.clearing.trade;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.kafka.DeadLetters.Failed;
import io.concordia.clearing.common.kafka.IngestRecord;
import io.concordia.clearing.common.kafka.KafkaTopics;
import io.concordia.clearing.trade.TradeIngestService.BatchResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The operators' dead-letter queue: list, inspect, replay after fixing reference data, or discard. */
@ApplicationScoped
public class DeadLetterService {

    public record DeadLetter(
            long id,
            String topic,
            int partition,
            long offset,
            String key,
            String payload,
            String reason,
            String detail,
            String status,
            Instant createdAt,
            String resolvedBy,
            Instant resolvedAt,
            String resolution) {}

    @Inject
    AgroalDataSource dataSource;

    @Inject
    TradeIngestService trades;

    @Inject
    AuditService audit;

    @Inject
    Caller caller;

    @Transactional
    public Page<DeadLetter> list(String status, PageRequest page) {
        String where = status == null ? "" : " WHERE status = ?";
        try (Connection c = dataSource.getConnection();
                var st =
                        c.prepareStatement("SELECT * FROM dead_letter" + where + " ORDER BY id DESC LIMIT ? OFFSET ?");
                var count = c.prepareStatement("SELECT count(*) FROM dead_letter" + where)) {
            int i = 1;
            if (status != null) {
                st.setString(i++, status);
                count.setString(1, status);
            }
            st.setInt(i++, page.size());
            st.setLong(i, (long) page.page() * page.size());
            List<DeadLetter> items = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    items.add(map(rs));
                }
            }
            try (var rs = count.executeQuery()) {
                rs.next();
                return new Page<>(items, page.page(), page.size(), rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public DeadLetter get(long id) {
        try (Connection c = dataSource.getConnection()) {
            return load(c, id, false);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * Runs the record through the same checks and novation as the consumer. If it succeeds (or turns out to be an
     * exact duplicate of a trade applied since), the dead letter is closed; if not, nothing changes and the answer
     * says why.
     */
    @Transactional
    public DeadLetter replay(long id) {
        try (Connection c = dataSource.getConnection()) {
            DeadLetter before = load(c, id, true);
            requireOpen(before);
            if (!before.topic().startsWith(KafkaTopics.TRADES_PREFIX)) {
                throw ApiProblem.of(
                        ProblemCode.NOT_REPLAYABLE,
                        "only trades are replayed; a price is superseded by the next one: discard it");
            }
            IngestRecord record = new IngestRecord(
                    before.topic(),
                    before.partition(),
                    before.offset(),
                    before.key(),
                    before.payload().getBytes(StandardCharsets.UTF_8),
                    0);
            BatchResult result = trades.replay(record);
            if (!result.deadLetters().isEmpty()) {
                Failed f = result.deadLetters().get(0);
                throw ApiProblem.of(
                        ProblemCode.REPLAY_FAILED,
                        f.rejection().reason() + ": " + f.rejection().getMessage());
            }
            String resolution = result.applied() == 1 ? "applied" : "already applied: counted as a duplicate";
            return resolve(c, before, DeadLetterStatus.REPLAYED, resolution, "REPLAY_DEAD_LETTER");
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public DeadLetter discard(long id, String reason) {
        try (Connection c = dataSource.getConnection()) {
            DeadLetter before = load(c, id, true);
            requireOpen(before);
            return resolve(c, before, DeadLetterStatus.DISCARDED, reason, "DISCARD_DEAD_LETTER");
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private DeadLetter resolve(
            Connection c, DeadLetter before, DeadLetterStatus status, String resolution, String action)
            throws SQLException {
        try (var st = c.prepareStatement(
                "UPDATE dead_letter SET status = ?, resolved_by = ?, resolved_at = now(), resolution = ? WHERE id = ?")) {
            st.setString(1, status.name());
            st.setString(2, caller.actor());
            st.setString(3, resolution);
            st.setLong(4, before.id());
            st.executeUpdate();
        }
        DeadLetter after = load(c, before.id(), false);
        audit.record(
                action,
                "dead-letter",
                Long.toString(before.id()),
                Map.of("status", before.status(), "reason", before.reason()),
                Map.of("status", after.status(), "resolution", after.resolution()));
        return after;
    }

    private static void requireOpen(DeadLetter d) {
        if (!DeadLetterStatus.OPEN.name().equals(d.status())) {
            throw ApiProblem.of(
                    ProblemCode.DEAD_LETTER_RESOLVED, "dead letter " + d.id() + " is already " + d.status());
        }
    }

    private static DeadLetter load(Connection c, long id, boolean lock) throws SQLException {
        try (var st = c.prepareStatement("SELECT * FROM dead_letter WHERE id = ?" + (lock ? " FOR UPDATE" : ""))) {
            st.setLong(1, id);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("dead letter", Long.toString(id));
                }
                return map(rs);
            }
        }
    }

    private static DeadLetter map(ResultSet rs) throws SQLException {
        var resolvedAt = rs.getTimestamp("resolved_at");
        return new DeadLetter(
                rs.getLong("id"),
                rs.getString("source_topic"),
                rs.getInt("source_partition"),
                rs.getLong("source_offset"),
                rs.getString("record_key"),
                rs.getString("payload"),
                rs.getString("reason"),
                rs.getString("detail"),
                rs.getString("status"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getString("resolved_by"),
                resolvedAt == null ? null : resolvedAt.toInstant(),
                rs.getString("resolution"));
    }
}
