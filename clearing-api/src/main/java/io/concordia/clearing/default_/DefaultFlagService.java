package io.concordia.clearing.default_;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.settlement.PaymentFailed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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
            SELECT f.id, m.code, f.reason, f.reference, f.raised_by, f.raised_at, f.cleared_by, f.cleared_at, f.clear_reason,
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
        try {
            raise(
                    failed.connection(),
                    failed.memberId(),
                    Reason.SETTLEMENT_FAILURE,
                    "settlement-instruction:" + failed.instructionId(),
                    failed.actor());
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * Raises the member's flag, or adds {@code reference} to its open one, on a connection whose transaction the
     * caller owns.
     *
     * @return the open flag's id
     */
    public long raise(Connection c, long memberId, Reason reason, String reference, String actor) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO default_flag (member_id, reason, reference, raised_by, raised_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (member_id) WHERE cleared_at IS NULL
                DO UPDATE SET reference = left(default_flag.reference || ' ' || EXCLUDED.reference, 1000)
                RETURNING id""")) {
            st.setLong(1, memberId);
            st.setString(2, reason.name());
            st.setString(3, reference);
            st.setString(4, actor);
            st.setTimestamp(5, Timestamp.from(clock.instant()));
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Transactional
    public List<DefaultFlag> open() {
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement(SELECT + " WHERE f.cleared_at IS NULL ORDER BY f.id")) {
            List<DefaultFlag> flags = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    flags.add(flag(rs));
                }
            }
            return flags;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    @Transactional
    public DefaultFlag get(long id) {
        try (Connection c = dataSource.getConnection()) {
            return find(c, id, false);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** An operator clears an open flag, with the reason (a payment that arrived late, a failure reported in error). */
    @Transactional
    public DefaultFlag clear(long id, String reason) {
        try (Connection c = dataSource.getConnection()) {
            DefaultFlag before = find(c, id, true);
            if (before.clearedAt() != null) {
                throw ApiProblem.of(
                        ProblemCode.DEFAULT_FLAG_CLEARED,
                        "default flag " + id + " was cleared by " + before.clearedBy() + " at " + before.clearedAt());
            }
            try (var st = c.prepareStatement(
                    "UPDATE default_flag SET cleared_by = ?, cleared_at = ?, clear_reason = ? WHERE id = ?")) {
                st.setString(1, caller.actor());
                st.setTimestamp(2, Timestamp.from(clock.instant()));
                st.setString(3, reason);
                st.setLong(4, id);
                st.executeUpdate();
            }
            DefaultFlag after = find(c, id, false);
            audit.record("CLEAR_DEFAULT_FLAG", "default-flag", Long.toString(id), before, after);
            return after;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** The member's open flag, or {@code null}. */
    Long openOf(Connection c, long memberId) throws SQLException {
        try (var st = c.prepareStatement("SELECT id FROM default_flag WHERE member_id = ? AND cleared_at IS NULL")) {
            st.setLong(1, memberId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** The flag a proposal names: it must exist, be the member's, and be open. @return its id */
    long requireOpen(Connection c, long id, long memberId, String memberCode) throws SQLException {
        try (var st = c.prepareStatement(SELECT + " WHERE f.id = ?")) {
            st.setLong(1, id);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.of(ProblemCode.UNKNOWN_DEFAULT_FLAG, "default flag " + id + " does not exist");
                }
                if (rs.getLong(11) != memberId) {
                    throw ApiProblem.of(
                            ProblemCode.DEFAULT_FLAG_MISMATCH,
                            "default flag " + id + " is not member '" + memberCode + "''s");
                }
                if (rs.getTimestamp(8) != null) {
                    throw ApiProblem.of(ProblemCode.DEFAULT_FLAG_CLEARED, "default flag " + id + " is cleared");
                }
                return id;
            }
        }
    }

    /** Clears the member's open flag as the declaration of {@code caseId}, in the caller's transaction. @return its id, or {@code null} */
    Long clearForCase(Connection c, long memberId, long caseId, String actor, Instant at) throws SQLException {
        try (var st = c.prepareStatement("""
                UPDATE default_flag SET cleared_by = ?, cleared_at = ?, cleared_by_case_id = ?
                 WHERE member_id = ? AND cleared_at IS NULL RETURNING id""")) {
            st.setString(1, actor);
            st.setTimestamp(2, Timestamp.from(at));
            st.setLong(3, caseId);
            st.setLong(4, memberId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    private static DefaultFlag find(Connection c, long id, boolean lock) throws SQLException {
        try (var st = c.prepareStatement(SELECT + " WHERE f.id = ?" + (lock ? " FOR UPDATE OF f" : ""))) {
            st.setLong(1, id);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("default flag", Long.toString(id));
                }
                return flag(rs);
            }
        }
    }

    private static DefaultFlag flag(ResultSet rs) throws SQLException {
        Timestamp cleared = rs.getTimestamp(8);
        return new DefaultFlag(
                rs.getLong(1),
                rs.getString(2),
                Reason.valueOf(rs.getString(3)),
                rs.getString(4),
                rs.getString(5),
                rs.getTimestamp(6).toInstant(),
                rs.getString(7),
                cleared == null ? null : cleared.toInstant(),
                rs.getString(9),
                (Long) rs.getObject(10, Long.class));
    }
}
