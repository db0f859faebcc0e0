package io.concordia.clearing.trade;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.common.kafka.DeadLetters.Failed;
import io.concordia.clearing.common.kafka.IngestRecord;
import io.concordia.clearing.common.kafka.KafkaTopics;
import io.concordia.clearing.trade.TradeIngestService.BatchResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
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
        Object[] filter = status == null ? new Object[0] : new Object[] {status};
        Object[] pageArgs = status == null
                ? new Object[] {page.size(), (long) page.page() * page.size()}
                : new Object[] {status, page.size(), (long) page.page() * page.size()};
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            List<DeadLetter> items = sql.list(
                    "SELECT * FROM dead_letter" + where + " ORDER BY id DESC LIMIT ? OFFSET ?",
                    DeadLetterService::deadLetter,
                    pageArgs);
            long total = sql.one("SELECT count(*) AS n FROM dead_letter" + where, row -> row.longValue("n"), filter);
            return new Page<>(items, page.page(), page.size(), total);
        });
    }

    @Transactional
    public DeadLetter get(long id) {
        return Jdbc.with(dataSource, c -> load(c, id, false));
    }

    /**
     * Runs the record through the same checks and novation as the consumer. If it succeeds (or turns out to be an
     * exact duplicate of a trade applied since), the dead letter is closed; if not, nothing changes and the answer
     * says why.
     */
    @Transactional
    public DeadLetter replay(long id) {
        return Jdbc.with(dataSource, c -> {
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
        });
    }

    @Transactional
    public DeadLetter discard(long id, String reason) {
        return Jdbc.with(dataSource, c -> {
            DeadLetter before = load(c, id, true);
            requireOpen(before);
            return resolve(c, before, DeadLetterStatus.DISCARDED, reason, "DISCARD_DEAD_LETTER");
        });
    }

    private DeadLetter resolve(
            Connection c, DeadLetter before, DeadLetterStatus status, String resolution, String action) {
        Sql.on(c)
                .update(
                        "UPDATE dead_letter SET status = ?, resolved_by = ?, resolved_at = now(), resolution = ? WHERE id = ?",
                        status,
                        caller.actor(),
                        resolution,
                        before.id());
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

    private static DeadLetter load(Connection c, long id, boolean lock) {
        return Sql.on(c)
                .first(
                        "SELECT * FROM dead_letter WHERE id = ?" + (lock ? " FOR UPDATE" : ""),
                        DeadLetterService::deadLetter,
                        id)
                .orElseThrow(() -> ApiProblem.notFound("dead letter", Long.toString(id)));
    }

    private static DeadLetter deadLetter(Row row) throws SQLException {
        return new DeadLetter(
                row.longValue("id"),
                row.string("source_topic"),
                row.intValue("source_partition"),
                row.longValue("source_offset"),
                row.string("record_key"),
                row.string("payload"),
                row.string("reason"),
                row.string("detail"),
                row.string("status"),
                row.instant("created_at"),
                row.string("resolved_by"),
                row.instant("resolved_at"),
                row.string("resolution"));
    }
}
