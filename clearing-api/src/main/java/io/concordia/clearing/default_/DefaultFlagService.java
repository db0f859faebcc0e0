package io.concordia.clearing.default_;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.settlement.PaymentFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Members handed to default management (docs/architecture.md, "Data flow" 5): a failed settlement payment raises a flag that
 * operators see before they propose a default. At most one open flag per member; later failures add their reference.
 *
 * <p>A flag ends in one of two ways: a default is declared for the member (the case names the flag it came from, and
 * the declaration clears it), or an operator clears it with a reason, e.g. because the payment arrived late.
 */
@ApplicationScoped
public class DefaultFlagService {

    /** Why a member was flagged. */
    public enum Reason {
        SETTLEMENT_FAILURE
    }

    /**
     * A flag; the {@code cleared…} fields are {@code null} while it is open. {@code clearedByCase}: the default case whose
     * declaration cleared it; {@code clearReason}: the operator's reason otherwise.
     */
    public record DefaultFlag(
            long id,
            String member,
            Reason reason,
            String reference,
            String raisedBy,
            Instant raisedAt,
            String clearedBy,
            Instant clearedAt,
            String clearReason,
            Long clearedByCase) {}

    private static final String SELECT = """
            SELECT f.id, m.code AS member, f.reason, f.reference, f.raised_by, f.raised_at, f.cleared_by, f.cleared_at, f.clear_reason,
                   f.cleared_by_case_id, f.member_id
              FROM default_flag f JOIN member m ON m.id = f.member_id""";

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AuditService audit;

    @Inject
    Caller caller;

    @Inject
    Clock clock;

    /** A member that did not pay a settlement instruction is flagged, in the transaction recording the failure. */
    void onPaymentFailed(@Observes PaymentFailed failed) {
        raise(
                failed.connection(),
                failed.memberId(),
                Reason.SETTLEMENT_FAILURE,
                "settlement-instruction:" + failed.instructionId(),
                failed.actor());
    }

    /**
     * Raises the member's flag, or adds {@code reference} to its open one, on a connection whose transaction the
     * caller owns.
     *
     * @return the open flag's id
     */
    public long raise(Connection c, long memberId, Reason reason, String reference, String actor) {
        return Sql.on(c).one("""
                        INSERT INTO default_flag (member_id, reason, reference, raised_by, raised_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (member_id) WHERE cleared_at IS NULL
                        DO UPDATE SET reference = left(default_flag.reference || ' ' || EXCLUDED.reference, 1000)
                        RETURNING id""", row -> row.longValue("id"), memberId, reason, reference, actor, clock.instant());
    }

    @Transactional
    public List<DefaultFlag> open() {
        return Jdbc.with(
                dataSource,
                c -> Sql.on(c).list(SELECT + " WHERE f.cleared_at IS NULL ORDER BY f.id", DefaultFlagService::flag));
    }

    @Transactional
    public DefaultFlag get(long id) {
        return Jdbc.with(dataSource, c -> find(c, id, false));
    }

    /** An operator clears an open flag, with the reason (a payment that arrived late, a failure reported in error). */
    @Transactional
    public DefaultFlag clear(long id, String reason) {
        return Jdbc.with(dataSource, c -> {
            DefaultFlag before = find(c, id, true);
            if (before.clearedAt() != null) {
                throw ApiProblem.of(
                        ProblemCode.DEFAULT_FLAG_CLEARED,
                        "default flag " + id + " was cleared by " + before.clearedBy() + " at " + before.clearedAt());
            }
            Sql.on(c)
                    .update(
                            "UPDATE default_flag SET cleared_by = ?, cleared_at = ?, clear_reason = ? WHERE id = ?",
                            caller.actor(),
                            clock.instant(),
                            reason,
                            id);
            DefaultFlag after = find(c, id, false);
            audit.record("CLEAR_DEFAULT_FLAG", "default-flag", Long.toString(id), before, after);
            return after;
        });
    }

    /** The member's open flag, or {@code null}. */
    Long openOf(Connection c, long memberId) {
        return Sql.on(c)
                .first(
                        "SELECT id FROM default_flag WHERE member_id = ? AND cleared_at IS NULL",
                        row -> row.longValue("id"),
                        memberId)
                .orElse(null);
    }

    /** An open-or-cleared flag's owner, as a proposal checks it. */
    private record Owned(long memberId, Instant clearedAt) {}

    /** The flag a proposal names: it must exist, be the member's, and be open. @return its id */
    long requireOpen(Connection c, long id, long memberId, String memberCode) {
        Owned flag = Sql.on(c)
                .first(
                        SELECT + " WHERE f.id = ?",
                        row -> new Owned(row.longValue("member_id"), row.instant("cleared_at")),
                        id)
                .orElseThrow(() ->
                        ApiProblem.of(ProblemCode.UNKNOWN_DEFAULT_FLAG, "default flag " + id + " does not exist"));
        if (flag.memberId() != memberId) {
            throw ApiProblem.of(
                    ProblemCode.DEFAULT_FLAG_MISMATCH, "default flag " + id + " is not member '" + memberCode + "''s");
        }
        if (flag.clearedAt() != null) {
            throw ApiProblem.of(ProblemCode.DEFAULT_FLAG_CLEARED, "default flag " + id + " is cleared");
        }
        return id;
    }

    /** Clears the member's open flag as the declaration of {@code caseId}, in the caller's transaction. @return its id, or {@code null} */
    Long clearForCase(Connection c, long memberId, long caseId, String actor, Instant at) {
        return Sql.on(c)
                .first("""
                        UPDATE default_flag SET cleared_by = ?, cleared_at = ?, cleared_by_case_id = ?
                         WHERE member_id = ? AND cleared_at IS NULL RETURNING id""", row -> row.longValue("id"), actor, at, caseId, memberId)
                .orElse(null);
    }

    private static DefaultFlag find(Connection c, long id, boolean lock) {
        return Sql.on(c)
                .first(SELECT + " WHERE f.id = ?" + (lock ? " FOR UPDATE OF f" : ""), DefaultFlagService::flag, id)
                .orElseThrow(() -> ApiProblem.notFound("default flag", Long.toString(id)));
    }

    /** Reads a row of {@link #SELECT}. */
    private static DefaultFlag flag(Row row) throws SQLException {
        return new DefaultFlag(
                row.longValue("id"),
                row.string("member"),
                row.enumValue("reason", Reason.class),
                row.string("reference"),
                row.string("raised_by"),
                row.instant("raised_at"),
                row.string("cleared_by"),
                row.instant("cleared_at"),
                row.string("clear_reason"),
                row.nullableLong("cleared_by_case_id"));
    }
}
