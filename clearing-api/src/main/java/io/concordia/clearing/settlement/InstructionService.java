package io.concordia.clearing.settlement;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
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

    /** An instruction as a decision sees it once it holds the instruction's lock. */
    private record Locked(
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
        return Jdbc.with(dataSource, c -> {
            if (decide(c, id, to, actor, text) == Outcome.DUPLICATE) {
                throw ApiProblem.of(
                        ProblemCode.INSTRUCTION_DECIDED, "settlement instruction " + id + " is already " + to);
            }
            return Instructions.one(c, id);
        });
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
        Locked r = lock(c, id);
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
        Sql.on(c)
                .update(
                        to == InstructionStatus.SETTLED
                                ? "UPDATE settlement_instruction SET status = 'SETTLED', decided_by = ?, decided_at = ?, external_reference = ? WHERE id = ?"
                                : "UPDATE settlement_instruction SET status = 'FAILED', decided_by = ?, decided_at = ?, reason = ? WHERE id = ?",
                        actor,
                        clock.instant(),
                        text,
                        id);
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
        Sql sql = Sql.on(c);
        List<Long> ids = sql.list("""
                SELECT id FROM settlement_instruction WHERE member_id = ? AND status IN ('PENDING', 'FAILED') ORDER BY id FOR UPDATE""", row -> row.longValue("id"), memberId);
        for (long id : ids) {
            Instruction before = Instructions.one(c, id);
            sql.update(
                    """
                    UPDATE settlement_instruction SET status = 'WRITTEN_OFF', decided_by = ?, decided_at = ?, default_case_id = ?,
                           reason = ? WHERE id = ?""", actor, clock.instant(), caseId, "written off by the waterfall of default case " + caseId, id);
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
        return Jdbc.with(dataSource, c -> {
            List<String> where = new ArrayList<>();
            List<Object> args = new ArrayList<>();
            if (memberCode != null) {
                where.add("m.code = ?");
                args.add(memberCode);
                where.add("s.status = 'PUBLISHED'");
            }
            if (cycle != null) {
                where.add("i.cycle_id = ?");
                args.add(CycleReads.resolve(c, cycle));
            }
            if (status != null) {
                where.add("i.status = ?");
                args.add(status);
            }
            String filter = where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where);
            Sql sql = Sql.on(c);
            List<Object> pageArgs = new ArrayList<>(args);
            pageArgs.add(page.size());
            pageArgs.add((long) page.page() * page.size());
            List<Instruction> items = sql.list(
                    Instructions.SELECT + filter + " ORDER BY i.id DESC LIMIT ? OFFSET ?",
                    Instructions::instruction,
                    pageArgs.toArray());
            long total = sql.one("""
                    SELECT count(*) AS n FROM settlement_instruction i JOIN settlement_cycle s ON s.id = i.cycle_id
                      JOIN member m ON m.id = i.member_id""" + filter, row -> row.longValue("n"), args.toArray());
            return new Page<>(items, page.page(), page.size(), total);
        });
    }

    /** One instruction; a member sees only its own, of finished cycles: anything else is a 404. */
    @Transactional
    public Instruction get(String memberCode, long id) {
        return Jdbc.with(dataSource, c -> {
                    Sql sql = Sql.on(c);
                    return memberCode == null
                            ? sql.first(Instructions.SELECT + " WHERE i.id = ?", Instructions::instruction, id)
                            : sql.first(
                                    Instructions.SELECT + " WHERE i.id = ? AND m.code = ? AND s.status = 'PUBLISHED'",
                                    Instructions::instruction,
                                    id,
                                    memberCode);
                })
                .orElseThrow(() -> ApiProblem.notFound("settlement instruction", Long.toString(id)));
    }

    private static Locked lock(Connection c, long id) {
        return Sql.on(c)
                .first(
                        """
                SELECT i.id, s.id AS cycle_id, s.code AS cycle, s.status AS cycle_status, m.id AS member_id, m.code AS member,
                       a.id AS asset_id, a.code AS asset, a.scale, i.direction, i.status
                  FROM settlement_instruction i JOIN settlement_cycle s ON s.id = i.cycle_id JOIN member m ON m.id = i.member_id
                  JOIN asset a ON a.id = i.asset_id WHERE i.id = ? FOR UPDATE OF i""",
                        row -> new Locked(
                                row.longValue("id"),
                                row.longValue("cycle_id"),
                                row.string("cycle"),
                                row.enumValue("cycle_status", CycleStatus.class),
                                row.longValue("member_id"),
                                row.string("member"),
                                row.longValue("asset_id"),
                                row.string("asset"),
                                row.intValue("scale"),
                                row.enumValue("direction", Direction.class),
                                row.enumValue("status", InstructionStatus.class)),
                        id)
                .orElseThrow(() -> ApiProblem.notFound("settlement instruction", Long.toString(id)));
    }

    /**
     * The member's accounts' shares of the cycle's net in the instruction's currency: account id to signed amount. The
     * share of an account ported away by default management is not the member's any more: porting moved it, with the
     * account's settlement balance, to the receiving member's new account, where it was paid out of (or into) the
     * ported collateral. The instruction keeps its amount as issued; paying it moves the other accounts' shares only.
     */
    private static Map<Long, BigDecimal> shares(Connection c, Locked r) {
        Map<Long, BigDecimal> shares = new TreeMap<>();
        Sql.on(c)
                .list(
                        """
                SELECT x.account_id, x.amount FROM settlement_account_amount x
                 WHERE x.cycle_id = ? AND x.member_id = ? AND x.asset_id = ?
                   AND NOT EXISTS (SELECT 1 FROM default_port p WHERE p.from_account_id = x.account_id)""",
                        row -> shares.put(row.longValue("account_id"), row.decimal("amount")),
                        r.cycleId(),
                        r.memberId(),
                        r.assetId());
        return shares;
    }

    private static String accountCode(Connection c, long accountId) {
        return Sql.on(c)
                .first("SELECT code FROM account WHERE id = ?", row -> row.string("code"), accountId)
                .orElse(Long.toString(accountId));
    }
}
