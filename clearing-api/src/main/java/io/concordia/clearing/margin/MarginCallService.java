package io.concordia.clearing.margin;

import io.agroal.api.AgroalDataSource;
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
        try (Connection c = dataSource.getConnection()) {
            return raiseSettlementFailure(c, accountId, amount, reference);
        } catch (SQLException e) {
            throw new IngestFailure(e);
        }
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
        Map<String, Object> event = new LinkedHashMap<>();
        String account;
        try (PreparedStatement ps = c.prepareStatement("SELECT mc.id, a.code, m.code, mc.reason, mc.status, mc.amount, "
                + "mc.margin_status, mc.issued_at, mc.deadline, mc.closed_at, mc.close_reason, mc.reference "
                + "FROM margin_call mc JOIN account a ON a.id = mc.account_id JOIN member m ON m.id = a.member_id "
                + "WHERE mc.id = ?")) {
            ps.setLong(1, callId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                account = rs.getString(2);
                event.put("callId", rs.getLong(1));
                event.put("account", account);
                event.put("member", rs.getString(3));
                event.put("reason", rs.getString(4));
                event.put("status", rs.getString(5));
                event.put("amount", rs.getBigDecimal(6).toPlainString());
                event.put("marginStatus", rs.getString(7));
                event.put("issuedAt", rs.getTimestamp(8).toInstant().toString());
                event.put("deadline", rs.getTimestamp(9).toInstant().toString());
                Timestamp closed = rs.getTimestamp(10);
                event.put("closedAt", closed == null ? null : closed.toInstant().toString());
                event.put("closeReason", rs.getString(11));
                event.put("reference", rs.getString(12));
            }
        }
        outbox.append(c, TOPIC, account, type, event);
    }

    private static long single(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
