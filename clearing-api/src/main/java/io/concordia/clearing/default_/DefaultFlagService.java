package io.concordia.clearing.default_;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.ingest.IngestFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Members handed to default management (design.md, "Data flow" 5): a failed settlement payment raises a flag that
 * operators see before they propose a default. At most one open flag per member; later failures add their reference.
 */
@ApplicationScoped
public class DefaultFlagService {

    /** Why a member was flagged. */
    public enum Reason {
        SETTLEMENT_FAILURE
    }

    /** An open flag. */
    public record DefaultFlag(long id, String member, Reason reason, String reference, String raisedBy, Instant raisedAt) {
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Clock clock;

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
        try (Connection c = dataSource.getConnection(); var st = c.prepareStatement("""
                SELECT f.id, m.code, f.reason, f.reference, f.raised_by, f.raised_at FROM default_flag f
                  JOIN member m ON m.id = f.member_id WHERE f.cleared_at IS NULL ORDER BY f.id""")) {
            List<DefaultFlag> flags = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    flags.add(new DefaultFlag(rs.getLong(1), rs.getString(2), Reason.valueOf(rs.getString(3)), rs.getString(4),
                            rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
            }
            return flags;
        } catch (SQLException e) {
            throw new IngestFailure(e);
        }
    }
}
