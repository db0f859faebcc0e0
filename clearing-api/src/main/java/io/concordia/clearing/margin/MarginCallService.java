package io.concordia.clearing.margin;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.margin.calc.MarginStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Margin calls: at most one open call per account (the database enforces it), each change written with its
 * event to the outbox in the same transaction.
 */
@ApplicationScoped
public class MarginCallService {

    /**
     * A margin call as members and operators read it: {@code reason} is the cause it was issued for, {@code causes}
     * every cause it has had (a failed payment on an account margin already called adds one), open ones with
     * {@code metAt} null; {@code amount} is the sum of the open ones.
     */
    public record MarginCallView(
            long id,
            String account,
            String member,
            String reason,
            String status,
            BigDecimal amount,
            String marginStatus,
            Instant issuedAt,
            Instant deadline,
            Instant closedAt,
            String closedBy,
            String closeReason,
            String reference,
            List<Cause> causes) {

        MarginCallView with(List<Cause> causes) {
            return new MarginCallView(
                    id,
                    account,
                    member,
                    reason,
                    status,
                    amount,
                    marginStatus,
                    issuedAt,
                    deadline,
                    closedAt,
                    closedBy,
                    closeReason,
                    reference,
                    causes);
        }
    }

    /** One cause of a call: what it is (with the instruction of a failed payment), its amount, and when it was met. */
    public record Cause(
            CallCause cause, Long instruction, BigDecimal amount, Instant openedAt, Instant metAt, String metBy) {}

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

    private static final String SELECT =
            "SELECT mc.id, a.code AS account, m.code AS member, mc.reason, mc.status, mc.amount, mc.margin_status, "
                    + "mc.issued_at, mc.deadline, mc.closed_at, mc.closed_by, mc.close_reason, mc.reference "
                    + "FROM margin_call mc JOIN account a ON a.id = mc.account_id JOIN member m ON m.id = a.member_id ";

    /** The calls of one of the member's accounts, newest first. */
    @Transactional
    public io.concordia.clearing.common.Page<MarginCallView> callsOf(
            String memberCode, String accountCode, io.concordia.clearing.common.PageRequest page) {
        long account = accounts.requireForMember(memberCode, accountCode).id;
        return page("WHERE mc.account_id = ?", page, account);
    }

    /** The calls of all the member's accounts, newest first; {@code open} keeps only the open ones. */
    @Transactional
    public io.concordia.clearing.common.Page<MarginCallView> callsOfMember(
            String memberCode, boolean open, io.concordia.clearing.common.PageRequest page) {
        return page("WHERE m.code = ?" + (open ? OPEN : ""), page, memberCode);
    }

    /** Every call, for operators; {@code status} filters when given. */
    @Transactional
    public io.concordia.clearing.common.Page<MarginCallView> all(
            String status, io.concordia.clearing.common.PageRequest page) {
        if (status == null) {
            return page("WHERE true", page);
        }
        return page("WHERE mc.status = ?", page, status);
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
            if (CallStatus.ESCALATED.is(before.status())) {
                throw ApiProblem.of(
                        ProblemCode.MARGIN_CALL_ESCALATED, "margin call " + id + " is escalated to default management");
            }
            if (!deadline.isAfter(clock.instant()) || !deadline.isAfter(before.issuedAt())) {
                throw ApiProblem.of(ProblemCode.INVALID_DEADLINE, "the new deadline must lie in the future");
            }
            Sql.on(c)
                    .update(
                            "UPDATE margin_call SET status = 'ISSUED', deadline = ?, updated_at = ?, "
                                    + "close_reason = NULL WHERE id = ?",
                            deadline,
                            clock.instant(),
                            id);
            publish(c, id, "MARGIN_CALL_EXTENDED");
            MarginCallView after = find(c, id);
            audit.record(
                    "EXTEND_MARGIN_CALL",
                    "margin-call",
                    String.valueOf(id),
                    before,
                    java.util.Map.of("call", after, "reason", reason));
            return after;
        });
    }

    /** Cancels an open call (audited). The next re-margin issues a new one if the deficit remains. */
    @Transactional
    public MarginCallView cancel(long id, String reason) {
        return Jdbc.with(dataSource, c -> {
            MarginCallView before = lockOpen(c, id);
            close(c, id, CallStatus.CANCELLED, caller.actor(), reason, clock.instant());
            publish(c, id, "MARGIN_CALL_CANCELLED");
            MarginCallView after = find(c, id);
            audit.record("CANCEL_MARGIN_CALL", "margin-call", String.valueOf(id), before, after);
            return after;
        });
    }

    private static final String OPEN = " AND mc.status IN ('ISSUED', 'OVERDUE', 'ESCALATED')";

    private io.concordia.clearing.common.Page<MarginCallView> page(
            String where, io.concordia.clearing.common.PageRequest page, Object... parameters) {
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            List<MarginCallView> items = sql.list(
                    SELECT + where + " ORDER BY mc.id DESC LIMIT " + page.size() + " OFFSET "
                            + (long) page.page() * page.size(),
                    MarginCallService::view,
                    parameters);
            long total = sql.one(
                    "SELECT count(*) AS n FROM margin_call mc JOIN account a ON a.id = mc.account_id "
                            + "JOIN member m ON m.id = a.member_id " + where,
                    row -> row.longValue("n"),
                    parameters);
            return new io.concordia.clearing.common.Page<>(withCauses(c, items), page.page(), page.size(), total);
        });
    }

    private MarginCallView lockOpen(Connection c, long id) {
        String status = Sql.on(c)
                .first("SELECT status FROM margin_call WHERE id = ? FOR UPDATE", row -> row.string("status"), id)
                .orElseThrow(() -> ApiProblem.notFound("margin call", String.valueOf(id)));
        if (CallStatus.MET.is(status) || CallStatus.CANCELLED.is(status)) {
            throw ApiProblem.of(ProblemCode.MARGIN_CALL_CLOSED, "margin call " + id + " is " + status);
        }
        return find(c, id);
    }

    private MarginCallView find(Connection c, long id) {
        MarginCallView call = views(c, List.of(id)).get(id);
        if (call == null) {
            throw ApiProblem.notFound("margin call", String.valueOf(id));
        }
        return call;
    }

    private record CallCauseRow(long callId, Cause cause) {}

    private static List<MarginCallView> withCauses(Connection c, List<MarginCallView> calls) {
        Map<Long, List<Cause>> causes = new java.util.HashMap<>();
        for (CallCauseRow row : Sql.on(c)
                .list(
                        "SELECT call_id, cause, instruction_id, amount, opened_at, met_at, met_by "
                                + "FROM margin_call_cause WHERE call_id = ANY (?) ORDER BY id",
                        row -> new CallCauseRow(
                                row.longValue("call_id"),
                                new Cause(
                                        row.enumValue("cause", CallCause.class),
                                        row.nullableLong("instruction_id"),
                                        row.decimal("amount"),
                                        row.instant("opened_at"),
                                        row.instant("met_at"),
                                        row.string("met_by"))),
                        Sql.longs(calls, MarginCallView::id))) {
            causes.computeIfAbsent(row.callId(), k -> new ArrayList<>()).add(row.cause());
        }
        return calls.stream()
                .map(v -> v.with(causes.getOrDefault(v.id(), List.of())))
                .toList();
    }

    private static MarginCallView view(Row row) throws SQLException {
        return new MarginCallView(
                row.longValue("id"),
                row.string("account"),
                row.string("member"),
                row.string("reason"),
                row.string("status"),
                row.decimal("amount"),
                row.string("margin_status"),
                row.instant("issued_at"),
                row.instant("deadline"),
                row.instant("closed_at"),
                row.string("closed_by"),
                row.string("close_reason"),
                row.string("reference"),
                List.of());
    }

    /** Who closes and moves calls on its own (margin, deadlines). */
    static final String SYSTEM = "concordia";

    /**
     * A settlement payment of the account's member failed: the account's open call gets the failure as one more cause
     * and grows by the account's share, or a call is issued for it. A call that margin raised for a deficit thus asks
     * for both and is met only when both are gone ({@link CallCause}).
     *
     * @param accountId the account the failed payment is charged to
     * @param amount the account's unpaid share, USD, {@code > 0}
     * @param instructionId the failed PAY instruction
     * @return the open call's id
     */
    public long raiseSettlementFailure(Connection c, long accountId, BigDecimal amount, long instructionId) {
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a settlement failure call needs a positive amount, not " + amount);
        }
        Instant now = clock.instant();
        BigDecimal share = amount.setScale(2, java.math.RoundingMode.CEILING);
        String reference = "settlement-instruction:" + instructionId;
        Long open = openCallOf(c, accountId);
        long id;
        if (open == null) {
            id = issue(
                            c,
                            List.of(new NewCall(
                                    accountId,
                                    CallCause.SETTLEMENT_FAILURE,
                                    instructionId,
                                    share,
                                    storedStatus(c, accountId),
                                    reference)),
                            now)
                    .get(0);
        } else {
            id = open;
            Sql.on(c)
                    .update(
                            "UPDATE margin_call SET reference = left(coalesce(reference || ' ', '') || ?, 200), "
                                    + "updated_at = ? WHERE id = ?",
                            reference,
                            now,
                            id);
            addCause(c, id, CallCause.SETTLEMENT_FAILURE, instructionId, share, now);
        }
        updateAmount(c, id, now);
        publish(c, id, open == null ? "MARGIN_CALL_ISSUED" : "MARGIN_CALL_INCREASED");
        return id;
    }

    /**
     * An account's open call as margining needs it.
     *
     * @param onlyDeficitOpen whether its one open cause is a MARGIN_DEFICIT (no failed payment is open on it)
     */
    record OpenCall(long id, String reason, String status, String marginStatus, boolean onlyDeficitOpen) {}

    private record AccountCall(long accountId, OpenCall call) {}

    /** The open calls of the accounts, locked. */
    Map<Long, OpenCall> openCalls(Connection c, java.util.Collection<Long> accounts) {
        Map<Long, OpenCall> out = new java.util.HashMap<>();
        for (AccountCall row : Sql.on(c)
                .list(
                        """
                SELECT mc.account_id, mc.id, mc.reason, mc.status, mc.margin_status,
                       (SELECT count(*) = 1 AND bool_and(x.cause = 'MARGIN_DEFICIT') FROM margin_call_cause x
                         WHERE x.call_id = mc.id AND x.met_at IS NULL) AS only_deficit_open
                  FROM margin_call mc
                 WHERE mc.account_id = ANY (?) AND mc.status IN ('ISSUED', 'OVERDUE', 'ESCALATED') FOR UPDATE OF mc""",
                        row -> new AccountCall(
                                row.longValue("account_id"),
                                new OpenCall(
                                        row.longValue("id"),
                                        row.string("reason"),
                                        row.string("status"),
                                        row.string("margin_status"),
                                        row.bool("only_deficit_open"))),
                        Sql.longs(accounts))) {
            out.put(row.accountId(), row.call());
        }
        return out;
    }

    /** An account's new margin, computed and stored under the account's lock, with its open call if it has one. */
    record Margined(long accountId, io.concordia.margin.calc.AccountMargin margin, OpenCall open) {}

    /**
     * Drives each account's call from its new margin, computed and stored under the account's lock in this
     * transaction: a deficit with no open call issues one; a deficit on an open call is one of its causes (added if
     * the call was raised for something else); every cause is then re-checked ({@link #reconcile}), so the call is MET
     * once equity is back at or above IM and its failed payments are settled. An open call follows the account's
     * margin status, and an OVERDUE one whose account reaches LIQUIDATION escalates (its deficit is open).
     *
     * <p>The calls' events go to {@code events}, in order, for the caller to append with its own: the accounts stay
     * locked until the transaction ends and hold up trade batches, so the work under the locks is done in as few
     * statements as it can be.
     */
    void onMargin(Connection c, List<Margined> margined, Instant now, List<Outbox.Event> events) {
        List<Margined> issue = new ArrayList<>();
        List<Margined> recheck = new ArrayList<>();
        for (Margined a : margined) {
            if (a.open() == null) {
                if (a.margin().status() != MarginStatus.HEALTHY) {
                    issue.add(a);
                }
            } else if (!standsAsItIs(a)) {
                recheck.add(a);
            }
        }
        recheckOpenCalls(c, recheck, now, events);
        issueForDeficits(c, issue, now, events);
    }

    /**
     * Whether the account's open call stands as it is: its one open cause is the deficit the account still has, at the
     * same status, so every step of {@link #recheckOpenCalls} would find nothing to change. An account in deficit is
     * re-margined with every trade and mark.
     */
    private static boolean standsAsItIs(Margined a) {
        OpenCall open = a.open();
        return a.margin().status() != MarginStatus.HEALTHY
                && open.onlyDeficitOpen()
                && open.marginStatus().equals(a.margin().status().name())
                && !escalates(a);
    }

    /** An OVERDUE call whose account reaches LIQUIDATION escalates. */
    private static boolean escalates(Margined a) {
        return CallStatus.OVERDUE.is(a.open().status()) && a.margin().status() == MarginStatus.LIQUIDATION;
    }

    /**
     * The open calls of these accounts follow their new margin: a deficit becomes one of the call's causes if it is not
     * yet, every cause is re-checked, and a call still open takes the account's margin status (escalating from OVERDUE
     * in LIQUIDATION). Each step is one statement for all the calls; each call's statements touch only its own rows,
     * so the calls come out as they would one by one.
     */
    private void recheckOpenCalls(Connection c, List<Margined> accounts, Instant now, List<Outbox.Event> events) {
        if (accounts.isEmpty()) {
            return;
        }
        Set<Long> grew = addDeficitsIfAbsent(
                c,
                accounts.stream()
                        .filter(a -> a.margin().status() != MarginStatus.HEALTHY)
                        .toList(),
                now);
        Set<Long> open = reconcile(
                c,
                accounts.stream()
                        .map(a -> new Recheck(a.open().id(), a.margin().status().name()))
                        .toList(),
                SYSTEM,
                now,
                events);
        List<Margined> moving = new ArrayList<>();
        List<Margined> deficitMoved = new ArrayList<>();
        for (Margined a : accounts) {
            long id = a.open().id();
            boolean moved = !a.open().marginStatus().equals(a.margin().status().name());
            if (open.contains(id) && (grew.contains(id) || moved || escalates(a))) {
                moving.add(a);
                if (moved && !grew.contains(id) && a.margin().status() != MarginStatus.HEALTHY) {
                    deficitMoved.add(a);
                }
            }
        }
        if (moving.isEmpty()) {
            return;
        }
        Sql sql = Sql.on(c);
        // the deficit's amount is the one when it was raised or the status last moved: a call row changes only when
        // something happens to it, not with every re-margin
        if (!deficitMoved.isEmpty()) {
            sql.update(
                    """
                    UPDATE margin_call_cause target SET amount = u.amount
                      FROM unnest(?::bigint[], ?::numeric[]) AS u(call_id, amount)
                     CROSS JOIN LATERAL (""" + OPEN_DEFICIT_OF_U + """
                                         ) open_deficit
                     WHERE target.id = open_deficit.id""",
                    Sql.longs(deficitMoved, a -> a.open().id()),
                    Sql.decimals(deficitMoved.stream()
                            .map(a -> a.margin().callAmount())
                            .toList()));
        }
        sql.update(
                """
                UPDATE margin_call mc SET margin_status = u.margin_status, status = u.status, updated_at = ?
                  FROM unnest(?::bigint[], ?::text[], ?::text[]) AS u(id, margin_status, status) WHERE mc.id = u.id""",
                now,
                Sql.longs(moving, a -> a.open().id()),
                Sql.texts(moving.stream().map(a -> a.margin().status().name()).toList()),
                Sql.texts(moving.stream()
                        .map(a -> escalates(a)
                                ? CallStatus.ESCALATED.name()
                                : a.open().status())
                        .toList()));
        List<Long> ids = moving.stream().map(a -> a.open().id()).toList();
        updateAmounts(c, ids, now);
        Map<Long, MarginCallView> views = views(c, ids);
        for (Margined a : moving) {
            String type = escalates(a)
                    ? "MARGIN_CALL_ESCALATED"
                    : grew.contains(a.open().id()) ? "MARGIN_CALL_INCREASED" : "MARGIN_CALL_UPDATED";
            events.add(event(views.get(a.open().id()), type));
        }
    }

    /**
     * Issues a call for the deficit of each of these accounts, none of which has an open call: four statements for
     * all of them (the calls, their causes, and the calls with their causes as the events carry them), not four an
     * account.
     */
    private void issueForDeficits(Connection c, List<Margined> deficits, Instant now, List<Outbox.Event> events) {
        if (deficits.isEmpty()) {
            return;
        }
        List<Long> ids = issue(
                c,
                deficits.stream()
                        .map(a -> new NewCall(
                                a.accountId(),
                                CallCause.MARGIN_DEFICIT,
                                null,
                                a.margin().callAmount(),
                                a.margin().status().name(),
                                null))
                        .toList(),
                now);
        Map<Long, MarginCallView> issued = views(c, ids);
        for (long id : ids) {
            events.add(event(issued.get(id), "MARGIN_CALL_ISSUED"));
        }
    }

    /**
     * A call to re-check, with its account's margin status as just computed, or {@code null} to judge on the stored
     * one.
     */
    record Recheck(long callId, String marginStatus) {}

    /**
     * Re-checks one call ({@link #reconcile(Connection, List, String, Instant, List)}).
     *
     * @return whether the call is still open
     */
    boolean reconcile(
            Connection c, long callId, String marginStatus, String by, Instant now, List<Outbox.Event> events) {
        return reconcile(c, List.of(new Recheck(callId, marginStatus)), by, now, events)
                .contains(callId);
    }

    /**
     * The one place that decides whether a call still has a cause: each open cause of each call is judged by its
     * {@link CallCause} rule on the evidence in this transaction (the account's margin status, the instruction's
     * status); the causes that are gone are marked met, and a call is MET when none is left. A call that default
     * management holds (ESCALATED, with a default case of the member neither rejected nor closed) stays open: the
     * case decides on it, and closing the case cancels it. Each step is one statement for all the calls.
     *
     * @param by who met the causes: the system, or the actor whose decision (a settled payment) met them
     * @return the calls still open
     */
    Set<Long> reconcile(Connection c, List<Recheck> calls, String by, Instant now, List<Outbox.Event> events) {
        Map<Long, List<CauseState>> causesOf = new java.util.HashMap<>();
        for (CauseState row : Sql.on(c)
                .list(
                        """
                SELECT mc.id AS call_id, mc.status AS call_status, coalesce(u.margin_status, am.status) AS margin_status,
                       x.id AS cause_id, x.cause, x.instruction_id, i.status AS instruction_status,
                       EXISTS (SELECT 1 FROM default_case d JOIN account a ON a.member_id = d.member_id
                                WHERE a.id = mc.account_id AND d.status NOT IN ('REJECTED', 'CLOSED')) AS held_by_default
                  FROM unnest(?::bigint[], ?::text[]) AS u(call_id, margin_status)
                  JOIN margin_call mc ON mc.id = u.call_id
                  LEFT JOIN account_margin am ON am.account_id = mc.account_id
                  LEFT JOIN margin_call_cause x ON x.call_id = mc.id AND x.met_at IS NULL
                  LEFT JOIN settlement_instruction i ON i.id = x.instruction_id
                 ORDER BY mc.id, x.id""",
                        row -> new CauseState(
                                row.longValue("call_id"),
                                row.string("call_status"),
                                row.bool("held_by_default"),
                                row.nullableLong("cause_id"),
                                row.enumValue("cause", CallCause.class),
                                row.nullableLong("instruction_id"),
                                new CallCause.Evidence(row.string("margin_status"), row.string("instruction_status"))),
                        Sql.longs(calls, Recheck::callId),
                        Sql.texts(calls.stream().map(Recheck::marginStatus).toList()))) {
            causesOf.computeIfAbsent(row.callId(), k -> new ArrayList<>()).add(row);
        }
        Set<Long> stillOpen = new java.util.HashSet<>();
        List<Long> met = new ArrayList<>();
        List<Long> closed = new ArrayList<>();
        List<String> closeReasons = new ArrayList<>();
        List<Long> reduced = new ArrayList<>();
        Map<Long, String> eventOf = new LinkedHashMap<>();
        for (Recheck call : calls) {
            String callStatus = null;
            boolean heldByDefault = false;
            List<Long> metHere = new ArrayList<>();
            List<String> metWhy = new ArrayList<>();
            int open = 0;
            for (CauseState row : causesOf.getOrDefault(call.callId(), List.of())) {
                callStatus = row.callStatus();
                heldByDefault = row.heldByDefault();
                if (row.causeId() == null) {
                    continue;
                }
                if (row.cause().isOpen(row.evidence())) {
                    open++;
                } else {
                    metHere.add(row.causeId());
                    metWhy.add(
                            row.cause() == CallCause.MARGIN_DEFICIT
                                    ? "equity back at or above IM"
                                    : "settlement-instruction:" + row.instructionId() + " "
                                            + row.evidence()
                                                    .instructionStatus()
                                                    .toLowerCase()
                                                    .replace('_', ' '));
                }
            }
            if (!CallStatus.open(callStatus)) {
                continue;
            }
            met.addAll(metHere);
            if (open == 0 && !(CallStatus.ESCALATED.is(callStatus) && heldByDefault)) {
                closed.add(call.callId());
                closeReasons.add(metWhy.isEmpty() ? "no cause is open" : String.join("; ", metWhy));
                eventOf.put(call.callId(), "MARGIN_CALL_MET");
                continue;
            }
            stillOpen.add(call.callId());
            if (!metWhy.isEmpty() && open > 0) {
                reduced.add(call.callId());
                eventOf.put(call.callId(), "MARGIN_CALL_UPDATED");
            }
        }
        if (!met.isEmpty()) {
            Sql.on(c)
                    .update(
                            "UPDATE margin_call_cause SET met_at = ?, met_by = ? WHERE id = ANY (?)",
                            now,
                            by,
                            Sql.longs(met));
        }
        close(c, closed, CallStatus.MET, by, closeReasons, now);
        updateAmounts(c, reduced, now);
        Map<Long, MarginCallView> views = views(c, eventOf.keySet());
        eventOf.forEach((id, type) -> events.add(event(views.get(id), type)));
        return stillOpen;
    }

    /** A call with one of its open causes (none: {@code causeId} null) and the evidence to judge it on. */
    private record CauseState(
            long callId,
            String callStatus,
            boolean heldByDefault,
            Long causeId,
            CallCause cause,
            Long instructionId,
            CallCause.Evidence evidence) {}

    /**
     * An instruction was settled or written off: each open call it is a cause of re-checks its causes, in the
     * caller's transaction, and is MET when none is left.
     */
    public void onInstructionResolved(Connection c, long instructionId, String by) {
        List<Long> affected = Sql.on(c).list("""
                SELECT mc.id FROM margin_call mc
                 WHERE mc.status IN ('ISSUED', 'OVERDUE', 'ESCALATED')
                   AND EXISTS (SELECT 1 FROM margin_call_cause x WHERE x.call_id = mc.id AND x.instruction_id = ? AND x.met_at IS NULL)
                 ORDER BY mc.id FOR UPDATE""", MarginCallService::id, instructionId);
        List<Outbox.Event> events = new ArrayList<>();
        reconcile(c, affected.stream().map(id -> new Recheck(id, null)).toList(), by, clock.instant(), events);
        outbox.append(c, events);
    }

    /**
     * Accounts whose open call is past a deadline: ISSUED past its deadline, or OVERDUE one more deadline later. The
     * caller locks them (in account order) and stores their fresh margin before {@link #processDeadlines}.
     *
     * <p>At most 500 of each status, the longest past their deadline first, each read from its own deadline index: a
     * burst of calls becoming OVERDUE does not hold up the escalation of those already OVERDUE. As one {@code OR}
     * ordered by account, the planner walked every open call to find none due (20-80 ms with 100,000 open calls).
     */
    List<Long> accountsPastDeadline(Connection c, Instant now) {
        return Sql.on(c).list("""
                (SELECT account_id FROM margin_call WHERE status = 'ISSUED' AND deadline <= ? ORDER BY deadline LIMIT 500)
                UNION ALL
                (SELECT account_id FROM margin_call WHERE status = 'OVERDUE' AND deadline <= ? ORDER BY deadline LIMIT 500)""", row -> row.longValue("account_id"), now, now.minus(config.deadline()));
    }

    private record DueCall(long id, String status, String marginStatus, Instant deadline) {}

    /**
     * Moves the calls of these accounts past their deadlines, each only while a cause is open (re-checked here, under
     * the accounts' locks the caller holds, after their margin was stored in this transaction): an issued call becomes
     * OVERDUE, or ESCALATED at once when its account is in LIQUIDATION; an overdue call escalates once a further
     * deadline period has passed. A call whose causes are gone is MET instead.
     *
     * @return how many calls changed
     */
    int processDeadlines(Connection c, java.util.Collection<Long> lockedAccounts, Instant now) {
        Sql sql = Sql.on(c);
        int changed = 0;
        List<Outbox.Event> events = new ArrayList<>();
        for (long account : new java.util.TreeSet<>(lockedAccounts)) {
            DueCall call = sql.first(
                            "SELECT id, status, margin_status, deadline FROM margin_call WHERE account_id = ? "
                                    + "AND status IN ('ISSUED', 'OVERDUE') FOR UPDATE",
                            row -> new DueCall(
                                    row.longValue("id"),
                                    row.string("status"),
                                    row.string("margin_status"),
                                    row.instant("deadline")),
                            account)
                    .orElse(null);
            if (call == null) {
                continue;
            }
            long id = call.id();
            String status = call.status();
            boolean due = CallStatus.ISSUED.is(status)
                    ? !call.deadline().isAfter(now)
                    : !call.deadline().plus(config.deadline()).isAfter(now);
            if (!due) {
                continue;
            }
            changed++;
            if (!reconcile(c, id, null, SYSTEM, now, events)) {
                continue;
            }
            boolean liquidation = call.marginStatus().equals(MarginStatus.LIQUIDATION.name());
            CallStatus to = liquidation || CallStatus.OVERDUE.is(status) ? CallStatus.ESCALATED : CallStatus.OVERDUE;
            sql.update("UPDATE margin_call SET status = ?, updated_at = ? WHERE id = ?", to, now, id);
            events.add(event(c, id, to == CallStatus.ESCALATED ? "MARGIN_CALL_ESCALATED" : "MARGIN_CALL_OVERDUE"));
        }
        outbox.append(c, events);
        return changed;
    }

    /**
     * Cancels the account's open call, whatever its status, because default management has taken the account over
     * (ported, or settled through the waterfall). The cancellation is published like an operator's.
     *
     * @return the cancelled call's id, or {@code null} if the account had no open call
     */
    public Long cancelForDefault(Connection c, long accountId, String by, String reason) {
        Long open = openCallOf(c, accountId);
        if (open != null) {
            close(c, open, CallStatus.CANCELLED, by, reason, clock.instant());
            publish(c, open, "MARGIN_CALL_CANCELLED");
        }
        return open;
    }

    /** A call to issue with its first cause: a deficit, or a failed payment with its instruction. */
    private record NewCall(
            long accountId,
            CallCause cause,
            Long instructionId,
            BigDecimal amount,
            String marginStatus,
            String reference) {}

    private record IssuedCall(long accountId, long id) {}

    /** Issues the calls, each with its first cause, in two statements for all of them. @return their ids, in order */
    private List<Long> issue(Connection c, List<NewCall> calls, Instant now) {
        Sql sql = Sql.on(c);
        Map<Long, Long> callOf = new java.util.HashMap<>();
        for (IssuedCall row : sql.list(
                """
                INSERT INTO margin_call (account_id, reason, status, amount, margin_status, issued_at, deadline, reference,
                                         updated_at)
                SELECT u.account_id, u.reason, 'ISSUED', u.amount, u.margin_status, ?, ?, u.reference, ?
                  FROM unnest(?::bigint[], ?::text[], ?::numeric[], ?::text[], ?::text[])
                       AS u(account_id, reason, amount, margin_status, reference)
                RETURNING account_id, id""",
                row -> new IssuedCall(row.longValue("account_id"), row.longValue("id")),
                now,
                now.plus(config.deadline()),
                now,
                Sql.longs(calls, NewCall::accountId),
                Sql.texts(calls.stream().map(n -> n.cause().name()).toList()),
                Sql.decimals(calls.stream().map(NewCall::amount).toList()),
                Sql.texts(calls.stream().map(NewCall::marginStatus).toList()),
                Sql.texts(calls.stream().map(NewCall::reference).toList()))) {
            callOf.put(row.accountId(), row.id());
        }
        List<Long> ids = calls.stream().map(n -> callOf.get(n.accountId())).toList();
        sql.update(
                """
                INSERT INTO margin_call_cause (call_id, cause, instruction_id, amount, opened_at)
                SELECT u.call_id, u.cause, u.instruction_id, u.amount, ?
                  FROM unnest(?::bigint[], ?::text[], ?::bigint[], ?::numeric[]) AS u(call_id, cause, instruction_id, amount)""",
                now,
                Sql.longs(ids),
                Sql.texts(calls.stream().map(n -> n.cause().name()).toList()),
                Sql.longs(calls.stream().map(NewCall::instructionId).toList()),
                Sql.decimals(calls.stream().map(NewCall::amount).toList()));
        return ids;
    }

    private static void addCause(
            Connection c, long callId, CallCause cause, Long instructionId, BigDecimal amount, Instant now) {
        Sql.on(c)
                .update(
                        "INSERT INTO margin_call_cause (call_id, cause, instruction_id, amount, opened_at) "
                                + "VALUES (?, ?, ?, ?, ?)",
                        callId,
                        cause,
                        instructionId,
                        amount,
                        now);
    }

    /**
     * The open deficit cause of the call {@code u.call_id}, for a statement over a pass's calls ({@code unnest ... AS
     * u}). A lateral subquery with a {@code LIMIT} is run once per call on the one-open-cause index, whatever the
     * planner believes of the table: as a plain join or {@code NOT EXISTS} it was planned as a hash join over every
     * open cause in the house whenever the statistics lagged behind a fast-growing table, 40-200 ms a pass with
     * 100,000 open calls instead of 3 ms (BENCHMARKS.md).
     */
    private static final String OPEN_DEFICIT_OF_U = """
            SELECT x.id FROM margin_call_cause x
             WHERE x.call_id = u.call_id AND x.cause = 'MARGIN_DEFICIT' AND x.met_at IS NULL LIMIT 1""";

    /** Adds each account's deficit to its open call unless the call has one open. @return the calls it was added to */
    private static Set<Long> addDeficitsIfAbsent(Connection c, List<Margined> deficits, Instant now) {
        if (deficits.isEmpty()) {
            return Set.of();
        }
        return new java.util.HashSet<>(Sql.on(c)
                .list(
                        """
                INSERT INTO margin_call_cause (call_id, cause, amount, opened_at)
                SELECT u.call_id, 'MARGIN_DEFICIT', u.amount, ? FROM unnest(?::bigint[], ?::numeric[]) AS u(call_id, amount)
                  LEFT JOIN LATERAL (""" + OPEN_DEFICIT_OF_U + """
                                    ) open_deficit ON true
                 WHERE open_deficit.id IS NULL
                RETURNING call_id""",
                        row -> row.longValue("call_id"),
                        now,
                        Sql.longs(deficits, a -> a.open().id()),
                        Sql.decimals(deficits.stream()
                                .map(a -> a.margin().callAmount())
                                .toList())));
    }

    /** The call asks for the sum of its open causes (a met cause no longer counts). */
    private static void updateAmount(Connection c, long callId, Instant now) {
        updateAmounts(c, List.of(callId), now);
    }

    /** Each call asks for the sum of its open causes (a met cause no longer counts). */
    private static void updateAmounts(Connection c, List<Long> callIds, Instant now) {
        if (callIds.isEmpty()) {
            return;
        }
        Sql.on(c).update("""
                UPDATE margin_call mc SET amount = s.total, updated_at = ?
                  FROM (SELECT call_id, sum(amount) AS total FROM margin_call_cause
                         WHERE call_id = ANY (?) AND met_at IS NULL GROUP BY call_id) s
                 WHERE mc.id = s.call_id AND mc.amount <> s.total""", now, Sql.longs(callIds));
    }

    /** The account's stored margin status; an account never margined is HEALTHY. */
    private static String storedStatus(Connection c, long accountId) {
        return Sql.on(c)
                .first("SELECT status FROM account_margin WHERE account_id = ?", row -> row.string("status"), accountId)
                .orElse(MarginStatus.HEALTHY.name());
    }

    private static void close(Connection c, long id, CallStatus status, String by, String reason, Instant now) {
        close(c, List.of(id), status, by, List.of(reason), now);
    }

    /** Closes the calls, each with its own reason (cut to the column's 1,000 characters). */
    private static void close(
            Connection c, List<Long> ids, CallStatus status, String by, List<String> reasons, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        Sql.on(c)
                .update(
                        """
                UPDATE margin_call mc SET status = ?, closed_at = ?, closed_by = ?, close_reason = u.reason, updated_at = ?
                  FROM unnest(?::bigint[], ?::text[]) AS u(id, reason) WHERE mc.id = u.id""",
                        status,
                        now,
                        by,
                        now,
                        Sql.longs(ids),
                        Sql.texts(reasons.stream()
                                .map(r -> r.length() > 1000 ? r.substring(0, 1000) : r)
                                .toList()));
    }

    /** The id of the account's open call, locked, or {@code null}. */
    static Long openCallOf(Connection c, long accountId) {
        return Sql.on(c)
                .first(
                        "SELECT id FROM margin_call WHERE account_id = ? "
                                + "AND status IN ('ISSUED', 'OVERDUE', 'ESCALATED') FOR UPDATE",
                        MarginCallService::id,
                        accountId)
                .orElse(null);
    }

    private static long id(Row row) throws SQLException {
        return row.longValue("id");
    }

    /** Writes the call as it now stands to the outbox, keyed by account so its events stay in order. */
    void publish(Connection c, long callId, String type) {
        outbox.append(c, List.of(event(c, callId, type)));
    }

    /** The call as it now stands as an event of the given type. */
    private Outbox.Event event(Connection c, long callId, String type) {
        return event(find(c, callId), type);
    }

    /** The call as an event of the given type, keyed by account so its events stay in order. */
    private static Outbox.Event event(MarginCallView call, String type) {
        return new Outbox.Event(TOPIC, call.account(), type, call);
    }

    /** The calls as they now stand, by id: two statements for all of them. */
    private static Map<Long, MarginCallView> views(Connection c, java.util.Collection<Long> ids) {
        Map<Long, MarginCallView> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        for (MarginCallView call : withCauses(
                c, Sql.on(c).list(SELECT + "WHERE mc.id = ANY (?)", MarginCallService::view, Sql.longs(ids)))) {
            out.put(call.id(), call);
        }
        return out;
    }
}
