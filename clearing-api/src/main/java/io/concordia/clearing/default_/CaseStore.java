package io.concordia.clearing.default_;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.default_.DefaultDtos.CaseView;
import io.concordia.clearing.default_.DefaultDtos.OpenPosition;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
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
            SELECT d.id, d.member_id, m.code AS member, d.status, d.reason, d.margin_call_id, d.proposed_by, d.proposed_at,
                   d.decided_by, d.decided_at, d.decision_note, d.close_out_started_at, d.closed_out_at, d.asset_id,
                   d.trading_result, d.costs, d.loss, d.surplus, d.uncovered, d.loss_allocated_by, d.loss_allocated_at,
                   d.closed_by, d.closed_at, d.flag_id
              FROM default_case d JOIN member m ON m.id = d.member_id""";

    private CaseStore() {}

    /** The case, its row locked to the end of the transaction: every step takes this lock first. */
    static CaseRow lock(Connection c, long id) {
        return one(c, SELECT + " WHERE d.id = ? FOR UPDATE OF d", id);
    }

    static CaseRow find(Connection c, long id) {
        return one(c, SELECT + " WHERE d.id = ?", id);
    }

    /** Case ids, newest first; {@code status} filters when given. */
    static List<CaseRow> list(Connection c, String status, int limit, long offset) {
        return status == null
                ? Sql.on(c).list(SELECT + " ORDER BY d.id DESC LIMIT ? OFFSET ?", CaseStore::row, limit, offset)
                : Sql.on(c)
                        .list(
                                SELECT + " WHERE d.status = ? ORDER BY d.id DESC LIMIT ? OFFSET ?",
                                CaseStore::row,
                                status,
                                limit,
                                offset);
    }

    static long count(Connection c, String status) {
        return status == null
                ? Sql.on(c).one("SELECT count(*) AS n FROM default_case", row -> row.longValue("n"))
                : Sql.on(c)
                        .one(
                                "SELECT count(*) AS n FROM default_case WHERE status = ?",
                                row -> row.longValue("n"),
                                status);
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

    static void setStatus(Connection c, long id, String status) {
        Sql.on(c).update("UPDATE default_case SET status = ? WHERE id = ?", status, id);
    }

    /** The defaulter's accounts that default management winds down: all its accounts but those ported away. */
    static List<Long> defaulterAccounts(Connection c, long memberId) {
        return Sql.on(c).list("""
                        SELECT a.id FROM account a WHERE a.member_id = ?
                           AND NOT EXISTS (SELECT 1 FROM default_port p WHERE p.from_account_id = a.id) ORDER BY a.id""", row -> row.longValue("id"), memberId);
    }

    static long ccpAccount(Connection c) {
        return Sql.on(c)
                .first(
                        "SELECT a.id FROM account a JOIN member m ON m.id = a.member_id WHERE m.is_ccp AND a.code = ?",
                        row -> row.longValue("id"),
                        CCP_ACCOUNT)
                .orElseThrow(() -> new IllegalStateException(
                        "the CCP's default-management account " + CCP_ACCOUNT + " is missing"));
    }

    /** Whether an auction of the case is still live (open, or its award awaiting approval). */
    static boolean liveAuctions(Connection c, long caseId) {
        long live = Sql.on(c)
                .one(
                        "SELECT count(*) AS n FROM default_auction WHERE case_id = ? AND status IN ('OPEN', 'AWARD_PROPOSED')",
                        row -> row.longValue("n"),
                        caseId);
        return live > 0;
    }

    /**
     * Marks the close-out started and, once the defaulter holds no open position and no auction is live, done: the
     * case moves to CLOSED_OUT in the same transaction as the close-out that finished it.
     */
    static void afterCloseOut(Connection c, CaseRow row, Instant now) {
        boolean done = Positions.open(c, defaulterAccounts(c, row.memberId())).isEmpty() && !liveAuctions(c, row.id());
        Sql.on(c).update("""
                        UPDATE default_case SET status = ?, close_out_started_at = coalesce(close_out_started_at, ?),
                                                closed_out_at = CASE WHEN ?::boolean THEN ?::timestamptz END
                         WHERE id = ?""", done ? CaseStatus.CLOSED_OUT : CaseStatus.CLOSING_OUT, now, done, now, row.id());
    }

    static CaseView view(Connection c, CaseRow r) {
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

    private static CaseRow one(Connection c, String sql, long id) {
        return Sql.on(c)
                .first(sql, CaseStore::row, id)
                .orElseThrow(() -> ApiProblem.notFound("default case", Long.toString(id)));
    }

    /** Reads a row of {@link #SELECT}. */
    private static CaseRow row(Row row) throws SQLException {
        return new CaseRow(
                row.longValue("id"),
                row.longValue("member_id"),
                row.string("member"),
                row.string("status"),
                row.string("reason"),
                row.nullableLong("margin_call_id"),
                row.string("proposed_by"),
                row.instant("proposed_at"),
                row.string("decided_by"),
                row.instant("decided_at"),
                row.string("decision_note"),
                row.instant("close_out_started_at"),
                row.instant("closed_out_at"),
                row.nullableLong("asset_id"),
                row.decimal("trading_result"),
                row.decimal("costs"),
                row.decimal("loss"),
                row.decimal("surplus"),
                row.decimal("uncovered"),
                row.string("loss_allocated_by"),
                row.instant("loss_allocated_at"),
                row.string("closed_by"),
                row.instant("closed_at"),
                row.nullableLong("flag_id"));
    }
}
