package io.concordia.clearing.margin;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.ingest.IngestFailure;
import io.concordia.clearing.outbox.Outbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Margin calls: at most one open call per account (the database enforces it), each change written with its
 * event to the outbox in the same transaction.
 */
@ApplicationScoped
public class MarginCallService {

    /** A margin call as members and operators read it. */
    public record MarginCallView(long id, String account, String member, String reason, String status, BigDecimal amount,
            String marginStatus, Instant issuedAt, Instant deadline, Instant closedAt, String closedBy, String closeReason,
            String reference) {
    }

    /** The topic margin call events are published to. */
    public static final String TOPIC = "margin-calls";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    Outbox outbox;
    @Inject
    MarginCallConfig config;
    @Inject
    Clock clock;
    @Inject
    io.concordia.clearing.audit.AuditService audit;
    @Inject
    io.concordia.clearing.common.Caller caller;
    @Inject
    io.concordia.clearing.account.AccountService accounts;

    private static final String SELECT = "SELECT mc.id, a.code, m.code, mc.reason, mc.status, mc.amount, mc.margin_status, "
            + "mc.issued_at, mc.deadline, mc.closed_at, mc.closed_by, mc.close_reason, mc.reference "
            + "FROM margin_call mc JOIN account a ON a.id = mc.account_id JOIN member m ON m.id = a.member_id ";

    /** The calls of one of the member's accounts, newest first. */
    @Transactional
    public io.concordia.clearing.common.Page<MarginCallView> callsOf(String memberCode, String accountCode,
            io.concordia.clearing.common.PageRequest page) {
        long account = accounts.requireForMember(memberCode, accountCode).id;
        return page("WHERE mc.account_id = ?", ps -> ps.setLong(1, account), page);
    }

    /** The calls of all the member's accounts, newest first; {@code open} keeps only the open ones. */
    @Transactional
    public io.concordia.clearing.common.Page<MarginCallView> callsOfMember(String memberCode, boolean open,
            io.concordia.clearing.common.PageRequest page) {
        return page("WHERE m.code = ?" + (open ? OPEN : ""), ps -> ps.setString(1, memberCode), page);
    }

    /** Every call, for operators; {@code status} filters when given. */
    @Transactional
    public io.concordia.clearing.common.Page<MarginCallView> all(String status, io.concordia.clearing.common.PageRequest page) {
        if (status == null) {
            return page("WHERE true", ps -> { }, page);
        }
        return page("WHERE mc.status = ?", ps -> ps.setString(1, status), page);
    }

    @Transactional
    public MarginCallView get(long id) {
        return Jdbc.with(dataSource, c -> {
            return find(c, id);
        });
    }

    /** Gives an open, not yet escalated call a new deadline (audited). */
    @Transactional
    public MarginCallView extend(long id, Instant deadline, String reason) {
        return Jdbc.with(dataSource, c -> {
            MarginCallView before = lockOpen(c, id);
            if (before.status().equals("ESCALATED")) {
                throw ApiProblem.conflict("MARGIN_CALL_ESCALATED", "margin call " + id + " is escalated to default management");
            }
            if (!deadline.isAfter(clock.instant()) || !deadline.isAfter(before.issuedAt())) {
                throw ApiProblem.badRequest("INVALID_DEADLINE", "the new deadline must lie in the future");
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE margin_call SET status = 'ISSUED', deadline = ?, updated_at = ?, "
                    + "close_reason = NULL WHERE id = ?")) {
                ps.setTimestamp(1, Timestamp.from(deadline));
                ps.setTimestamp(2, Timestamp.from(clock.instant()));
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            publish(c, id, "MARGIN_CALL_EXTENDED");
            MarginCallView after = find(c, id);
            audit.record("EXTEND_MARGIN_CALL", "margin-call", String.valueOf(id), before, java.util.Map.of("call", after, "reason", reason));
            return after;
        });
    }

    /** Cancels an open call (audited). The next re-margin issues a new one if the deficit remains. */
    @Transactional
    public MarginCallView cancel(long id, String reason) {
        return Jdbc.with(dataSource, c -> {
            MarginCallView before = lockOpen(c, id);
            close(c, id, "CANCELLED", caller.actor(), reason, clock.instant());
            publish(c, id, "MARGIN_CALL_CANCELLED");
            MarginCallView after = find(c, id);
            audit.record("CANCEL_MARGIN_CALL", "margin-call", String.valueOf(id), before, after);
            return after;
        });
    }

    private static final String OPEN = " AND mc.status IN ('ISSUED', 'OVERDUE', 'ESCALATED')";

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private io.concordia.clearing.common.Page<MarginCallView> page(String where, Binder binder,
            io.concordia.clearing.common.PageRequest page) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(SELECT + where + " ORDER BY mc.id DESC LIMIT " + page.size()
                        + " OFFSET " + (long) page.page() * page.size());
                PreparedStatement count = c.prepareStatement("SELECT count(*) FROM margin_call mc JOIN account a ON a.id = mc.account_id "
                        + "JOIN member m ON m.id = a.member_id " + where)) {
            binder.bind(ps);
            java.util.List<MarginCallView> items = new java.util.ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    items.add(view(rs));
                }
            }
            binder.bind(count);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return new io.concordia.clearing.common.Page<>(items, page.page(), page.size(), rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IngestFailure(e);
        }
    }

    private MarginCallView lockOpen(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT status FROM margin_call WHERE id = ? FOR UPDATE")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("margin call", String.valueOf(id));
                }
                String status = rs.getString(1);
                if (status.equals("MET") || status.equals("CANCELLED")) {
                    throw ApiProblem.conflict("MARGIN_CALL_CLOSED", "margin call " + id + " is " + status);
                }
            }
        }
        return find(c, id);
    }

    private MarginCallView find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + "WHERE mc.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("margin call", String.valueOf(id));
                }
                return view(rs);
            }
        }
    }

    private static MarginCallView view(ResultSet rs) throws SQLException {
        return new MarginCallView(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBigDecimal(6), rs.getString(7), rs.getTimestamp(8).toInstant(), rs.getTimestamp(9).toInstant(),
                ScheduleService.instant(rs, 10), rs.getString(11), rs.getString(12), rs.getString(13));
    }

    /**
     * A settlement payment of the account's member failed: the account gets a call for the amount, or its open
     * call grows by it.
     *
     * @param accountId the account the failed payment is charged to
     * @param amount the unpaid amount, USD, {@code > 0}
     * @param reference what failed (e.g. the instruction id)
     * @return the open call's id
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public long raiseSettlementFailure(long accountId, BigDecimal amount, String reference) {
        return Jdbc.with(dataSource, c -> {
            return raiseSettlementFailure(c, accountId, amount, reference);
        });
    }

    /** As {@link #raiseSettlementFailure(long, BigDecimal, String)}, on a connection whose transaction the caller owns. */
    public long raiseSettlementFailure(Connection c, long accountId, BigDecimal amount, String reference) throws SQLException {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a settlement failure call needs a positive amount, not " + amount);
        }
        Instant now = clock.instant();
        Long open = openCallOf(c, accountId);
        long id;
        if (open == null) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO margin_call (account_id, reason, status, amount, "
                    + "margin_status, issued_at, deadline, reference, updated_at) "
                    + "VALUES (?, 'SETTLEMENT_FAILURE', 'ISSUED', ?, 'CALL', ?, ?, ?, ?) RETURNING id")) {
                ps.setLong(1, accountId);
                ps.setBigDecimal(2, amount.setScale(2, java.math.RoundingMode.CEILING));
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setTimestamp(4, Timestamp.from(now.plus(config.deadline())));
                ps.setString(5, reference);
                ps.setTimestamp(6, Timestamp.from(now));
                id = single(ps);
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement("UPDATE margin_call SET amount = amount + ?, "
                    + "reference = left(coalesce(reference || ' ', '') || ?, 200), updated_at = ? WHERE id = ? RETURNING id")) {
                ps.setBigDecimal(1, amount.setScale(2, java.math.RoundingMode.CEILING));
                ps.setString(2, reference);
                ps.setTimestamp(3, Timestamp.from(now));
                ps.setLong(4, open);
                id = single(ps);
            }
        }
        publish(c, id, open == null ? "MARGIN_CALL_ISSUED" : "MARGIN_CALL_INCREASED");
        return id;
    }

    /** An account's open call as margining needs it. */
    record OpenCall(long id, String reason, String status, String marginStatus) {
    }

    /** The open calls of the accounts, locked. */
    Map<Long, OpenCall> openCalls(Connection c, java.util.Collection<Long> accounts) throws SQLException {
        Map<Long, OpenCall> out = new java.util.HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT account_id, id, reason, status, margin_status FROM margin_call "
                + "WHERE account_id = ANY (?) AND status IN ('ISSUED', 'OVERDUE', 'ESCALATED') FOR UPDATE")) {
            ps.setArray(1, io.concordia.clearing.ingest.SqlArrays.longs(c, accounts));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getLong(1), new OpenCall(rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5)));
                }
            }
        }
        return out;
    }

    /**
     * Drives the account's call from its new margin: a deficit with no open call issues one; a deficit call follows
     * the amount and status (an overdue call whose account reaches LIQUIDATION escalates); equity back at or above
     * IM meets an issued or overdue deficit call. Calls for failed settlement payments and escalated calls are
     * closed by operators and default management, not by margin.
     */
    void onMargin(Connection c, long accountId, io.concordia.margin.calc.AccountMargin m, OpenCall open, Instant now)
            throws SQLException {
        String status = m.status().name();
        boolean deficit = m.status() != io.concordia.margin.calc.MarginStatus.HEALTHY;
        if (open == null) {
            if (deficit) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO margin_call (account_id, reason, status, amount, "
                        + "margin_status, issued_at, deadline, updated_at) VALUES (?, 'MARGIN_DEFICIT', 'ISSUED', ?, ?, ?, ?, ?) "
                        + "RETURNING id")) {
                    ps.setLong(1, accountId);
                    ps.setBigDecimal(2, m.callAmount());
                    ps.setString(3, status);
                    ps.setTimestamp(4, Timestamp.from(now));
                    ps.setTimestamp(5, Timestamp.from(now.plus(config.deadline())));
                    ps.setTimestamp(6, Timestamp.from(now));
                    publish(c, single(ps), "MARGIN_CALL_ISSUED");
                }
            }
            return;
        }
        if (!open.reason().equals("MARGIN_DEFICIT") || open.status().equals("ESCALATED")) {
            return;
        }
        if (!deficit) {
            close(c, open.id(), "MET", "concordia", "equity back at or above IM", now);
            publish(c, open.id(), "MARGIN_CALL_MET");
            return;
        }
        // the amount is the deficit when the call was issued or last changed status; the current deficit is the
        // account's margin, so a call row changes only when something happens to it
        boolean escalate = open.status().equals("OVERDUE") && m.status() == io.concordia.margin.calc.MarginStatus.LIQUIDATION;
        if (escalate || !open.marginStatus().equals(status)) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE margin_call SET amount = ?, margin_status = ?, status = ?, "
                    + "updated_at = ? WHERE id = ?")) {
                ps.setBigDecimal(1, m.callAmount());
                ps.setString(2, status);
                ps.setString(3, escalate ? "ESCALATED" : open.status());
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setLong(5, open.id());
                ps.executeUpdate();
            }
            publish(c, open.id(), escalate ? "MARGIN_CALL_ESCALATED" : "MARGIN_CALL_UPDATED");
        }
    }

    /**
     * Moves calls past their deadline: an issued call becomes OVERDUE, or ESCALATED at once when its account is in
     * LIQUIDATION; an overdue call escalates once a further deadline period has passed.
     *
     * @return how many calls changed
     */
    int processDeadlines(Connection c, Instant now) throws SQLException {
        int changed = 0;
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE margin_call SET status = CASE WHEN margin_status = 'LIQUIDATION' OR status = 'OVERDUE' THEN 'ESCALATED'
                                                     ELSE 'OVERDUE' END, updated_at = ?
                 WHERE id IN (SELECT id FROM margin_call
                               WHERE (status = 'ISSUED' AND deadline <= ?) OR (status = 'OVERDUE' AND deadline <= ?)
                               ORDER BY id FOR UPDATE SKIP LOCKED)
                RETURNING id, status""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setTimestamp(3, Timestamp.from(now.minus(config.deadline())));
            try (ResultSet rs = ps.executeQuery()) {
                Map<Long, String> moved = new LinkedHashMap<>();
                while (rs.next()) {
                    moved.put(rs.getLong(1), rs.getString(2));
                }
                for (Map.Entry<Long, String> call : moved.entrySet()) {
                    publish(c, call.getKey(), call.getValue().equals("ESCALATED") ? "MARGIN_CALL_ESCALATED" : "MARGIN_CALL_OVERDUE");
                    changed++;
                }
            }
        }
        return changed;
    }

    /**
     * Cancels the account's open call, whatever its status, because default management has taken the account over
     * (ported, or settled through the waterfall). The cancellation is published like an operator's.
     *
     * @return the cancelled call's id, or {@code null} if the account had no open call
     */
    public Long cancelForDefault(Connection c, long accountId, String by, String reason) throws SQLException {
        Long open = openCallOf(c, accountId);
        if (open != null) {
            close(c, open, "CANCELLED", by, reason, clock.instant());
            publish(c, open, "MARGIN_CALL_CANCELLED");
        }
        return open;
    }

    private static void close(Connection c, long id, String status, String by, String reason, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE margin_call SET status = ?, closed_at = ?, closed_by = ?, "
                + "close_reason = ?, updated_at = ? WHERE id = ?")) {
            ps.setString(1, status);
            ps.setTimestamp(2, Timestamp.from(now));
            ps.setString(3, by);
            ps.setString(4, reason);
            ps.setTimestamp(5, Timestamp.from(now));
            ps.setLong(6, id);
            ps.executeUpdate();
        }
    }

    /** The id of the account's open call, locked, or {@code null}. */
    static Long openCallOf(Connection c, long accountId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM margin_call WHERE account_id = ? "
                + "AND status IN ('ISSUED', 'OVERDUE', 'ESCALATED') FOR UPDATE")) {
            ps.setLong(1, accountId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : null;
            }
        }
    }

    /** Writes the call as it now stands to the outbox, keyed by account so its events stay in order. */
    void publish(Connection c, long callId, String type) throws SQLException {
        MarginCallView call = find(c, callId);
        outbox.append(c, TOPIC, call.account(), type, call);
    }

    private static long single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
