package io.concordia.clearing.default_;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.default_.DefaultDtos.CaseView;
import io.concordia.clearing.default_.DefaultDtos.OpenPosition;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The default_case rows, read and moved on the caller's connection (whose transaction the service owns). */
final class CaseStore {

    /** The code of the CCP's default-management account (created by V0009). */
    static final String CCP_ACCOUNT = "CCP-DM";

    /** A case row as the steps need it. Money at NUMERIC(38, 18); {@code null} until the waterfall ran. */
    record CaseRow(
            long id,
            long memberId,
            String member,
            String status,
            String reason,
            Long marginCall,
            String proposedBy,
            Instant proposedAt,
            String decidedBy,
            Instant decidedAt,
            String decisionNote,
            Instant closeOutStartedAt,
            Instant closedOutAt,
            Long assetId,
            BigDecimal tradingResult,
            BigDecimal costs,
            BigDecimal loss,
            BigDecimal surplus,
            BigDecimal uncovered,
            String lossAllocatedBy,
            Instant lossAllocatedAt,
            String closedBy,
            Instant closedAt,
            Long flag) {

        /** The row as the closing step leaves it. */
        CaseRow closed(String by, Instant at) {
            return new CaseRow(
                    id,
                    memberId,
                    member,
                    CaseStatus.CLOSED.name(),
                    reason,
                    marginCall,
                    proposedBy,
                    proposedAt,
                    decidedBy,
                    decidedAt,
                    decisionNote,
                    closeOutStartedAt,
                    closedOutAt,
                    assetId,
                    tradingResult,
                    costs,
                    loss,
                    surplus,
                    uncovered,
                    lossAllocatedBy,
                    lossAllocatedAt,
                    by,
                    at,
                    flag);
        }
    }

    private static final String SELECT = """
            SELECT d.id, d.member_id, m.code, d.status, d.reason, d.margin_call_id, d.proposed_by, d.proposed_at, d.decided_by,
                   d.decided_at, d.decision_note, d.close_out_started_at, d.closed_out_at, d.asset_id, d.trading_result, d.costs,
                   d.loss, d.surplus, d.uncovered, d.loss_allocated_by, d.loss_allocated_at, d.closed_by, d.closed_at, d.flag_id
              FROM default_case d JOIN member m ON m.id = d.member_id""";

    private CaseStore() {}

    /** The case, its row locked to the end of the transaction: every step takes this lock first. */
    static CaseRow lock(Connection c, long id) throws SQLException {
        return one(c, SELECT + " WHERE d.id = ? FOR UPDATE OF d", id);
    }

    static CaseRow find(Connection c, long id) throws SQLException {
        return one(c, SELECT + " WHERE d.id = ?", id);
    }

    /** Case ids, newest first; {@code status} filters when given. */
    static List<CaseRow> list(Connection c, String status, int limit, long offset) throws SQLException {
        String sql = SELECT + (status == null ? "" : " WHERE d.status = ?") + " ORDER BY d.id DESC LIMIT ? OFFSET ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int p = 1;
            if (status != null) {
                ps.setString(p++, status);
            }
            ps.setInt(p++, limit);
            ps.setLong(p, offset);
            List<CaseRow> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(row(rs));
                }
            }
            return out;
        }
    }

    static long count(Connection c, String status) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT count(*) FROM default_case" + (status == null ? "" : " WHERE status = ?"))) {
            if (status != null) {
                ps.setString(1, status);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Refuses the step unless the case is at one of {@code statuses}: a step already applied is never applied again. */
    static void require(CaseRow row, String step, CaseStatus... statuses) {
        if (Arrays.stream(statuses).noneMatch(s -> s.is(row.status()))) {
            throw ApiProblem.of(
                    ProblemCode.DEFAULT_CASE_STATE,
                    "default case " + row.id() + " is " + row.status() + "; " + step + " needs it "
                            + String.join(
                                    " or ",
                                    Arrays.stream(statuses)
                                            .map(CaseStatus::name)
                                            .toList()));
        }
    }

    static void setStatus(Connection c, long id, String status) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE default_case SET status = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** The defaulter's accounts that default management winds down: all its accounts but those ported away. */
    static List<Long> defaulterAccounts(Connection c, long memberId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT a.id FROM account a WHERE a.member_id = ?
                   AND NOT EXISTS (SELECT 1 FROM default_port p WHERE p.from_account_id = a.id) ORDER BY a.id""")) {
            ps.setLong(1, memberId);
            List<Long> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getLong(1));
                }
            }
            return out;
        }
    }

    static long ccpAccount(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT a.id FROM account a JOIN member m ON m.id = a.member_id WHERE m.is_ccp AND a.code = ?")) {
            ps.setString(1, CCP_ACCOUNT);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException(
                            "the CCP's default-management account " + CCP_ACCOUNT + " is missing");
                }
                return rs.getLong(1);
            }
        }
    }

    /** Whether an auction of the case is still live (open, or its award awaiting approval). */
    static boolean liveAuctions(Connection c, long caseId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT count(*) FROM default_auction WHERE case_id = ? AND status IN ('OPEN', 'AWARD_PROPOSED')")) {
            ps.setLong(1, caseId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /**
     * Marks the close-out started and, once the defaulter holds no open position and no auction is live, done: the
     * case moves to CLOSED_OUT in the same transaction as the close-out that finished it.
     */
    static void afterCloseOut(Connection c, CaseRow row, Instant now) throws SQLException {
        boolean done = Positions.open(c, defaulterAccounts(c, row.memberId())).isEmpty() && !liveAuctions(c, row.id());
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE default_case SET status = ?, close_out_started_at = coalesce(close_out_started_at, ?),
                                        closed_out_at = CASE WHEN ?::boolean THEN ?::timestamptz END
                 WHERE id = ?""")) {
            ps.setString(1, (done ? CaseStatus.CLOSED_OUT : CaseStatus.CLOSING_OUT).name());
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setBoolean(3, done);
            ps.setTimestamp(4, Timestamp.from(now));
            ps.setLong(5, row.id());
            ps.executeUpdate();
        }
    }

    static CaseView view(Connection c, CaseRow r) throws SQLException {
        List<OpenPosition> open = new ArrayList<>();
        if (!CaseStatus.PROPOSED.is(r.status()) && !CaseStatus.REJECTED.is(r.status())) {
            for (Positions.Held h : Positions.open(c, defaulterAccounts(c, r.memberId()))) {
                open.add(new OpenPosition(
                        h.account(), h.product(), Decimals.plain(h.quantity()), Decimals.plain(h.averagePrice())));
            }
        }
        return new CaseView(
                r.id(),
                r.member(),
                r.status(),
                r.reason(),
                r.marginCall(),
                r.flag(),
                r.proposedBy(),
                r.proposedAt(),
                r.decidedBy(),
                r.decidedAt(),
                r.decisionNote(),
                r.closeOutStartedAt(),
                r.closedOutAt(),
                r.lossAllocatedBy(),
                r.lossAllocatedAt(),
                r.closedBy(),
                r.closedAt(),
                open);
    }

    private static CaseRow one(Connection c, String sql, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("default case", Long.toString(id));
                }
                return row(rs);
            }
        }
    }

    private static CaseRow row(ResultSet rs) throws SQLException {
        return new CaseRow(
                rs.getLong(1),
                rs.getLong(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                (Long) rs.getObject(6, Long.class),
                rs.getString(7),
                instant(rs, 8),
                rs.getString(9),
                instant(rs, 10),
                rs.getString(11),
                instant(rs, 12),
                instant(rs, 13),
                (Long) rs.getObject(14, Long.class),
                rs.getBigDecimal(15),
                rs.getBigDecimal(16),
                rs.getBigDecimal(17),
                rs.getBigDecimal(18),
                rs.getBigDecimal(19),
                rs.getString(20),
                instant(rs, 21),
                rs.getString(22),
                instant(rs, 23),
                (Long) rs.getObject(24, Long.class));
    }

    static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
