package io.concordia.clearing.settlement;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.ledger.EntryKind;
import io.concordia.clearing.ledger.LedgerBatch;
import io.concordia.clearing.margin.MarginCallService;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.clearing.settlement.SettlementDtos.Instruction;
import io.concordia.settlement.calc.Direction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The life of an instruction after its cycle: PENDING until the payment is confirmed (SETTLED) or reported failed
 * (FAILED), by an operator or by the custodian's feed.
 *
 * <p>SETTLED moves each of the member's accounts' shares out of its settlement balance into its collateral (a
 * paying account's collateral is debited; it must hold the amount, which is how the member's payment arrives: a
 * deposit to that account, or the custodian's transfer from it). FAILED moves nothing; for a PAY it opens (or
 * increases) a SETTLEMENT_FAILURE margin call on every paying account for its share and flags the member for default
 * management. A late payment may still settle a FAILED instruction; a SETTLED one is final. Every change is published
 * to {@value CycleService#TOPIC} through the outbox and audited, in the same transaction.
 */
@ApplicationScoped
public class InstructionService {

    /** What a decision did. */
    public enum Outcome {
        /** The instruction changed. */
        APPLIED,
        /** The instruction already had that status: nothing changed. */
        DUPLICATE
    }

    private record Row(
            long id,
            long cycleId,
            String cycle,
            CycleStatus cycleStatus,
            long memberId,
            String member,
            long assetId,
            String asset,
            int scale,
            Direction direction,
            InstructionStatus status) {}

    @Inject
    AgroalDataSource dataSource;

    @Inject
    Outbox outbox;

    @Inject
    MarginCallService marginCalls;

    @Inject
    Event<PaymentFailed> paymentFailed;

    @Inject
    AuditService audit;

    @Inject
    Clock clock;

    @Transactional
    public Instruction settle(long id, String actor, String reference) {
        return decideOrRefuseRepeat(id, InstructionStatus.SETTLED, actor, reference);
    }

    @Transactional
    public Instruction fail(long id, String actor, String reason) {
        return decideOrRefuseRepeat(id, InstructionStatus.FAILED, actor, reason);
    }

    private Instruction decideOrRefuseRepeat(long id, InstructionStatus to, String actor, String text) {
        try (Connection c = dataSource.getConnection()) {
            if (decide(c, id, to, actor, text) == Outcome.DUPLICATE) {
                throw ApiProblem.of(
                        ProblemCode.INSTRUCTION_DECIDED, "settlement instruction " + id + " is already " + to);
            }
            return Instructions.one(c, id);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * Takes a decision on a connection whose transaction the caller owns. Every check comes before the first write,
     * so a refusal ({@link ApiProblem}) leaves the transaction usable for the caller's other work.
     *
     * @param to SETTLED or FAILED
     * @param text the payment's reference for SETTLED, the reason for FAILED
     */
    public Outcome decide(Connection c, long id, InstructionStatus to, String actor, String text) throws SQLException {
        if (to != InstructionStatus.SETTLED && to != InstructionStatus.FAILED) {
            throw new IllegalArgumentException("an instruction is decided SETTLED or FAILED, not " + to);
        }
        Row r = lock(c, id);
        if (r.cycleStatus() != CycleStatus.PUBLISHED) {
            throw ApiProblem.of(
                    ProblemCode.CYCLE_NOT_PUBLISHED,
                    "cycle '" + r.cycle() + "' of settlement instruction " + id + " is not finished yet");
        }
        if (r.status() == to) {
            return Outcome.DUPLICATE;
        }
        if (r.status() == InstructionStatus.SETTLED) {
            throw ApiProblem.of(
                    ProblemCode.INSTRUCTION_DECIDED, "settlement instruction " + id + " is already SETTLED");
        }
        if (r.status() == InstructionStatus.WRITTEN_OFF) {
            throw ApiProblem.of(
                    ProblemCode.INSTRUCTION_WRITTEN_OFF,
                    "settlement instruction " + id + " was written off by the waterfall of " + "member '" + r.member()
                            + "''s default case; it is no longer paid or received");
        }
        Map<Long, BigDecimal> shares = shares(c, r);
        Payments.Plan plan = null;
        if (to == InstructionStatus.SETTLED) {
            plan = Payments.plan(c, shares, r.assetId());
            if (!plan.covered()) {
                throw ApiProblem.of(
                        ProblemCode.INSUFFICIENT_COLLATERAL,
                        plan.shortfalls().stream()
                                        .map(s -> "account '" + accountCode(c, s.accountId()) + "' holds "
                                                + s.held().setScale(r.scale()).toPlainString() + " " + r.asset()
                                                + " of collateral, less than its share of "
                                                + s.share()
                                                        .negate()
                                                        .setScale(r.scale())
                                                        .toPlainString())
                                        .collect(Collectors.joining("; "))
                                + "; book the member's payment as a deposit first, or fail the instruction");
            }
        }

        Instruction before = Instructions.one(c, id);
        // an instruction whose every share was ported away moves nothing: its amount was settled on the new accounts
        if (to == InstructionStatus.SETTLED && !plan.legs().isEmpty()) {
            LedgerBatch.post(
                    c,
                    EntryKind.SETTLEMENT_PAYMENT,
                    actor,
                    List.of(new LedgerBatch.Draft(r.cycle() + "/" + r.member() + "/" + r.asset(), plan.legs())));
        } else if (r.direction() == Direction.PAY) {
            for (var e : shares.entrySet()) {
                if (e.getValue().signum() < 0) {
                    marginCalls.raiseSettlementFailure(
                            c, e.getKey(), e.getValue().negate(), id);
                }
            }
            paymentFailed.fire(new PaymentFailed(c, r.memberId(), id, actor));
        }
        try (var st = c.prepareStatement(
                to == InstructionStatus.SETTLED
                        ? "UPDATE settlement_instruction SET status = 'SETTLED', decided_by = ?, decided_at = ?, external_reference = ? WHERE id = ?"
                        : "UPDATE settlement_instruction SET status = 'FAILED', decided_by = ?, decided_at = ?, reason = ? WHERE id = ?")) {
            st.setString(1, actor);
            st.setTimestamp(2, Timestamp.from(clock.instant()));
            st.setString(3, text);
            st.setLong(4, id);
            st.executeUpdate();
        }
        if (to == InstructionStatus.SETTLED) {
            marginCalls.onInstructionResolved(
                    c, id, actor); // the calls its failure raised are met, unless another cause remains
        }
        Instruction after = Instructions.one(c, id);
        outbox.append(
                c,
                CycleService.TOPIC,
                r.member(),
                to == InstructionStatus.SETTLED ? "INSTRUCTION_SETTLED" : "INSTRUCTION_FAILED",
                after);
        audit.recordAs(
                actor,
                to == InstructionStatus.SETTLED ? "SETTLE_SETTLEMENT_INSTRUCTION" : "FAIL_SETTLEMENT_INSTRUCTION",
                "settlement-instruction",
                Long.toString(id),
                before,
                after);
        return Outcome.APPLIED;
    }

    /**
     * Writes off the member's instructions that are neither settled nor written off, on a connection whose transaction
     * the caller (the default waterfall) owns and which has already cleared the settlement balances they covered. Each
     * change is published and audited like a decision.
     *
     * @return the ids written off, ascending
     */
    public List<Long> writeOff(Connection c, long memberId, long caseId, String actor) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT id FROM settlement_instruction WHERE member_id = ? AND status IN ('PENDING', 'FAILED') ORDER BY id FOR UPDATE""")) {
            st.setLong(1, memberId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        for (long id : ids) {
            Instruction before = Instructions.one(c, id);
            try (var st = c.prepareStatement("""
                    UPDATE settlement_instruction SET status = 'WRITTEN_OFF', decided_by = ?, decided_at = ?, default_case_id = ?,
                           reason = ? WHERE id = ?""")) {
                st.setString(1, actor);
                st.setTimestamp(2, Timestamp.from(clock.instant()));
                st.setLong(3, caseId);
                st.setString(4, "written off by the waterfall of default case " + caseId);
                st.setLong(5, id);
                st.executeUpdate();
            }
            marginCalls.onInstructionResolved(c, id, actor);
            Instruction after = Instructions.one(c, id);
            outbox.append(c, CycleService.TOPIC, after.member(), "INSTRUCTION_WRITTEN_OFF", after);
            audit.recordAs(
                    actor,
                    "WRITE_OFF_SETTLEMENT_INSTRUCTION",
                    "settlement-instruction",
                    Long.toString(id),
                    before,
                    after);
        }
        return ids;
    }

    /**
     * Instructions, newest first: a member's own (of finished cycles only) when {@code memberCode} is given, else all.
     */
    @Transactional
    public Page<Instruction> list(String memberCode, String cycle, InstructionStatus status, PageRequest page) {
        try (Connection c = dataSource.getConnection()) {
            List<String> where = new ArrayList<>();
            List<Object> args = new ArrayList<>();
            if (memberCode != null) {
                where.add("m.code = ?");
                args.add(memberCode);
                where.add("s.status = 'PUBLISHED'");
            }
            if (cycle != null) {
                where.add("i.cycle_id = ?");
                args.add(CycleService.resolve(c, cycle));
            }
            if (status != null) {
                where.add("i.status = ?");
                args.add(status.name());
            }
            String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
            List<Instruction> items;
            try (var st = c.prepareStatement(Instructions.SELECT + filter + " ORDER BY i.id DESC LIMIT ? OFFSET ?")) {
                int n = bind(st, args);
                st.setInt(n++, page.size());
                st.setLong(n, (long) page.page() * page.size());
                items = Instructions.list(st.executeQuery());
            }
            long total;
            try (var st = c.prepareStatement("""
                    SELECT count(*) FROM settlement_instruction i JOIN settlement_cycle s ON s.id = i.cycle_id
                      JOIN member m ON m.id = i.member_id""" + filter)) {
                bind(st, args);
                try (var rs = st.executeQuery()) {
                    rs.next();
                    total = rs.getLong(1);
                }
            }
            return new Page<>(items, page.page(), page.size(), total);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** One instruction; a member sees only its own, of finished cycles: anything else is a 404. */
    @Transactional
    public Instruction get(String memberCode, long id) {
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement(Instructions.SELECT + " WHERE i.id = ?"
                        + (memberCode == null ? "" : " AND m.code = ? AND s.status = 'PUBLISHED'"))) {
            st.setLong(1, id);
            if (memberCode != null) {
                st.setString(2, memberCode);
            }
            List<Instruction> found = Instructions.list(st.executeQuery());
            if (found.isEmpty()) {
                throw ApiProblem.notFound("settlement instruction", Long.toString(id));
            }
            return found.get(0);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    private static int bind(java.sql.PreparedStatement st, List<Object> args) throws SQLException {
        int n = 1;
        for (Object a : args) {
            st.setObject(n++, a);
        }
        return n;
    }

    private static Row lock(Connection c, long id) throws SQLException {
        try (var st = c.prepareStatement("""
                SELECT i.id, s.id, s.code, s.status, m.id, m.code, a.id, a.code, a.scale, i.direction, i.status
                  FROM settlement_instruction i JOIN settlement_cycle s ON s.id = i.cycle_id JOIN member m ON m.id = i.member_id
                  JOIN asset a ON a.id = i.asset_id WHERE i.id = ? FOR UPDATE OF i""")) {
            st.setLong(1, id);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("settlement instruction", Long.toString(id));
                }
                return new Row(
                        rs.getLong(1),
                        rs.getLong(2),
                        rs.getString(3),
                        CycleStatus.valueOf(rs.getString(4)),
                        rs.getLong(5),
                        rs.getString(6),
                        rs.getLong(7),
                        rs.getString(8),
                        rs.getInt(9),
                        Direction.valueOf(rs.getString(10)),
                        InstructionStatus.valueOf(rs.getString(11)));
            }
        }
    }

    /**
     * The member's accounts' shares of the cycle's net in the instruction's currency: account id to signed amount. The
     * share of an account ported away by default management is not the member's any more: porting moved it, with the
     * account's settlement balance, to the receiving member's new account, where it was paid out of (or into) the
     * ported collateral. The instruction keeps its amount as issued; paying it moves the other accounts' shares only.
     */
    private static Map<Long, BigDecimal> shares(Connection c, Row r) throws SQLException {
        Map<Long, BigDecimal> shares = new TreeMap<>();
        try (var st = c.prepareStatement("""
                SELECT x.account_id, x.amount FROM settlement_account_amount x
                 WHERE x.cycle_id = ? AND x.member_id = ? AND x.asset_id = ?
                   AND NOT EXISTS (SELECT 1 FROM default_port p WHERE p.from_account_id = x.account_id)""")) {
            st.setLong(1, r.cycleId());
            st.setLong(2, r.memberId());
            st.setLong(3, r.assetId());
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    shares.put(rs.getLong(1), rs.getBigDecimal(2));
                }
            }
        }
        return shares;
    }

    private static String accountCode(Connection c, long accountId) {
        try (var st = c.prepareStatement("SELECT code FROM account WHERE id = ?")) {
            st.setLong(1, accountId);
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) : Long.toString(accountId);
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }
}
