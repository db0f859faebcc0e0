package io.concordia.clearing.default_;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.FourEyes;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.default_.CaseStore.CaseRow;
import io.concordia.clearing.default_.DefaultDtos.CaseView;
import io.concordia.clearing.default_.DefaultDtos.ProposeDefault;
import io.concordia.clearing.ledger.LedgerService;
import io.concordia.clearing.margin.CallStatus;
import io.concordia.clearing.margin.MarginCallService;
import io.concordia.clearing.member.MemberEntity;
import io.concordia.clearing.member.MemberService;
import io.concordia.clearing.member.MemberStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A default case's proposal, four-eyes declaration (or rejection) and closure. Declaring freezes the member: it becomes
 * DEFAULTED, its open accounts FROZEN (deposits still accepted; withdrawals and new trades refused) and its pending
 * withdrawals are released back to it.
 */
@ApplicationScoped
public class DefaultCaseService {

    /** The topic the case's steps are published to, keyed by the defaulter's member code. */
    public static final String TOPIC = "default-events";

    @Inject
    CaseSteps steps;

    @Inject
    MemberService members;

    @Inject
    LedgerService ledger;

    @Inject
    MarginCallService marginCalls;

    @Inject
    DefaultReportService reports;

    @Inject
    DefaultFlagService flags;

    @Inject
    Caller caller;

    @Inject
    FourEyes fourEyes;

    @Inject
    Clock clock;

    @Transactional
    public CaseView propose(ProposeDefault request) {
        MemberEntity member = members.require(request.member());
        if (member.ccp) {
            throw ApiProblem.of(ProblemCode.CCP_MEMBER, "member '" + member.code + "' is the CCP itself");
        }
        if (member.status == MemberStatus.DEFAULTED) {
            throw ApiProblem.of(ProblemCode.MEMBER_DEFAULTED, "member '" + member.code + "' is already in default");
        }
        return steps.onConnection(c -> {
            lockMember(c, member.id);
            Long open = openCase(c, member.id);
            if (open != null) {
                throw ApiProblem.of(
                        ProblemCode.DEFAULT_CASE_OPEN, "member '" + member.code + "' already has default case " + open);
            }
            if (request.marginCall() != null) {
                checkTrigger(c, member, request.marginCall());
            }
            Long flag = request.flag() != null
                    ? Long.valueOf(flags.requireOpen(c, request.flag(), member.id, member.code))
                    : flags.openOf(c, member.id);
            long id = Sql.on(c)
                    .one(
                            """
                            INSERT INTO default_case (member_id, status, reason, margin_call_id, flag_id, proposed_by, proposed_at)
                            VALUES (?, 'PROPOSED', ?, ?, ?, ?, ?) RETURNING id""",
                            row -> row.longValue("id"),
                            member.id,
                            request.reason(),
                            request.marginCall() == null ? Sql.nullOf(Types.BIGINT) : request.marginCall(),
                            flag == null ? Sql.nullOf(Types.BIGINT) : flag,
                            caller.actor(),
                            clock.instant());
            CaseView view = CaseStore.view(c, CaseStore.find(c, id));
            steps.audit("PROPOSE_DEFAULT", "default-case", Long.toString(id), null, view);
            steps.publish(c, member.code, "DEFAULT_PROPOSED", view);
            return view;
        });
    }

    /** Declares the default: a different person than the proposer, with the risk-officer role (four-eyes). */
    @Transactional
    public CaseView approve(long id, String note) {
        return steps.onConnection(c -> {
            CaseRow row = CaseSteps.begin(c, id, "declaring the default", CaseStatus.PROPOSED);
            requireSecondPerson(c, row);
            CaseView before = CaseStore.view(c, row);
            MemberEntity member = members.require(row.member());
            String memberBefore = member.status.name();
            Instant now = clock.instant();
            // the member and its accounts are written through SQL like the rest of the step, so that every statement
            // after this sees them in default
            Sql sql = Sql.on(c);
            sql.update(
                    "UPDATE member SET status = ?, updated_at = ? WHERE id = ?",
                    MemberStatus.DEFAULTED,
                    now,
                    member.id);
            List<String> frozen = sql.list("""
                    WITH frozen AS (UPDATE account SET status = 'FROZEN' WHERE member_id = ? AND status = 'OPEN'
                                    RETURNING id, code)
                    SELECT code FROM frozen ORDER BY id""", r -> r.string("code"), member.id);
            String release = "member declared in default (case " + id + ")";
            for (long withdrawal : ledger.pendingWithdrawalsOf(member.id)) {
                ledger.rejectWithdrawal(withdrawal, release);
            }
            decide(c, id, CaseStatus.DECLARED, note, now);
            // the member is in default management now: whatever flagged it is this case's business
            Long clearedFlag = flags.clearForCase(c, member.id, id, caller.actor(), now);
            CaseView after = CaseStore.view(c, CaseStore.find(c, id));
            steps.audit("DECLARE_DEFAULT", "default-case", Long.toString(id), before, after);
            Map<String, Object> memberAfter = new java.util.LinkedHashMap<>();
            memberAfter.put("status", MemberStatus.DEFAULTED.name());
            memberAfter.put("frozenAccounts", frozen);
            memberAfter.put("case", id);
            memberAfter.put("clearedFlag", clearedFlag);
            steps.audit("DEFAULT_MEMBER", "member", member.code, Map.of("status", memberBefore), memberAfter);
            steps.publish(c, member.code, "DEFAULT_DECLARED", after);
            return after;
        });
    }

    /** Rejects a proposal: a different person than the proposer, with the risk-officer role. */
    @Transactional
    public CaseView reject(long id, String reason) {
        return steps.onConnection(c -> {
            CaseRow row = CaseSteps.begin(c, id, "rejecting the proposal", CaseStatus.PROPOSED);
            requireSecondPerson(c, row);
            CaseView before = CaseStore.view(c, row);
            decide(c, id, CaseStatus.REJECTED, reason, clock.instant());
            CaseView after = CaseStore.view(c, CaseStore.find(c, id));
            steps.record(c, row, "REJECT_DEFAULT", before, after, "DEFAULT_REJECTED", after);
            return after;
        });
    }

    /**
     * Closes the case once its loss is allocated: the defaulter's remaining margin calls are cancelled (default
     * management settled them) and the report is frozen on the case.
     */
    @Transactional
    public CaseView close(long id) {
        return steps.onConnection(c -> {
            CaseRow row = CaseSteps.begin(c, id, "closing the case", CaseStatus.LOSS_ALLOCATED);
            CaseView before = CaseStore.view(c, row);
            Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
            for (long account : CaseStore.defaulterAccounts(c, row.memberId())) {
                marginCalls.cancelForDefault(c, account, caller.actor(), "settled by default case " + id);
            }
            String report = reports.frozen(c, row.closed(caller.actor(), now));
            Sql.on(c)
                    .update(
                            "UPDATE default_case SET status = 'CLOSED', closed_by = ?, closed_at = ?, report = ?::jsonb WHERE id = ?",
                            caller.actor(),
                            now,
                            report,
                            id);
            CaseView after = CaseStore.view(c, CaseStore.find(c, id));
            steps.record(c, row, "CLOSE_DEFAULT", before, after, "DEFAULT_CLOSED", after);
            return after;
        });
    }

    @Transactional
    public CaseView get(long id) {
        return steps.onConnection(c -> CaseStore.view(c, CaseStore.find(c, id)));
    }

    @Transactional
    public Page<CaseView> list(String status, PageRequest page) {
        if (status != null && java.util.Arrays.stream(CaseStatus.values()).noneMatch(s -> s.is(status))) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_PARAMETER,
                    "status must be one of " + java.util.Arrays.toString(CaseStatus.values()));
        }
        return steps.onConnection(c -> {
            List<CaseView> items = new ArrayList<>();
            for (CaseRow r : CaseStore.list(c, status, page.size(), (long) page.page() * page.size())) {
                items.add(CaseStore.view(c, r));
            }
            return new Page<>(items, page.page(), page.size(), CaseStore.count(c, status));
        });
    }

    /** A proposal's decision, by the caller: DECLARED or REJECTED, with the decision's note. */
    private void decide(Connection c, long id, CaseStatus status, String note, Instant at) {
        Sql.on(c).update("""
                        UPDATE default_case SET status = ?, decided_by = ?, decided_at = ?, decision_note = ? WHERE id = ?""", status, caller.actor(), at, note, id);
    }

    private void requireSecondPerson(Connection c, CaseRow row) throws SQLException {
        fourEyes.requireSecondPerson(c, row.proposedBy(), "default case " + row.id());
    }

    /** The triggering call's member and status. */
    private record Trigger(long memberId, String status) {}

    /** The triggering call must be one of the member's accounts' and escalated to default management. */
    private static void checkTrigger(Connection c, MemberEntity member, long callId) {
        Trigger trigger = Sql.on(c)
                .first("""
                        SELECT a.member_id, mc.status FROM margin_call mc JOIN account a ON a.id = mc.account_id WHERE mc.id = ?""", row -> new Trigger(row.longValue("member_id"), row.string("status")), callId)
                .orElseThrow(() ->
                        ApiProblem.of(ProblemCode.UNKNOWN_MARGIN_CALL, "margin call " + callId + " does not exist"));
        if (trigger.memberId() != member.id) {
            throw ApiProblem.of(
                    ProblemCode.MARGIN_CALL_MISMATCH,
                    "margin call " + callId + " is not one of member '" + member.code + "''s accounts");
        }
        if (!CallStatus.ESCALATED.is(trigger.status())) {
            throw ApiProblem.of(
                    ProblemCode.MARGIN_CALL_NOT_ESCALATED,
                    "margin call " + callId + " is " + trigger.status() + ", not ESCALATED");
        }
    }

    private static void lockMember(Connection c, long memberId) {
        Sql.on(c).list("SELECT id FROM member WHERE id = ? FOR UPDATE", row -> row.longValue("id"), memberId);
    }

    private static Long openCase(Connection c, long memberId) {
        return Sql.on(c)
                .first(
                        "SELECT id FROM default_case WHERE member_id = ? AND status NOT IN ('REJECTED', 'CLOSED')",
                        row -> row.longValue("id"),
                        memberId)
                .orElse(null);
    }
}
