package io.concordia.clearing.margin;

import java.util.Arrays;
import java.util.List;

/**
 * Where a margin call stands, as {@code margin_call.status} stores it. A call is issued; past its deadline it goes
 * overdue, then escalates to default management; it ends met (every cause met) or cancelled (by an operator, or because
 * default management took the account over). The database's CHECK constraint holds the same list.
 */
public enum CallStatus {
    ISSUED,
    OVERDUE,
    ESCALATED,
    MET,
    CANCELLED;

    /** The statuses of a call still open: at most one per account. */
    public static final List<CallStatus> OPEN = List.of(ISSUED, OVERDUE, ESCALATED);

    /** Whether {@code stored}, a status as the database or a view holds it, is this one. */
    public boolean is(String stored) {
        return name().equals(stored);
    }

    /** Whether {@code stored} is the status of a call still open. */
    public static boolean open(String stored) {
        return OPEN.stream().anyMatch(s -> s.is(stored));
    }

    /** Whether {@code text} names a status. */
    public static boolean known(String text) {
        return Arrays.stream(values()).anyMatch(s -> s.is(text));
    }
}
