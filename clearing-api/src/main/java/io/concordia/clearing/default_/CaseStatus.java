package io.concordia.clearing.default_;

/**
 * Where a default case stands, as {@code default_case.status} stores it: proposed by an operator, declared or rejected
 * by another person (four-eyes), closing out while its positions are ported or auctioned, closed out when none is
 * left, loss allocated once the waterfall ran, and closed. Each step requires the statuses it follows from.
 */
public enum CaseStatus {
    PROPOSED,
    REJECTED,
    DECLARED,
    CLOSING_OUT,
    CLOSED_OUT,
    LOSS_ALLOCATED,
    CLOSED;

    /** Whether {@code stored}, a status as the database or a view holds it, is this one. */
    public boolean is(String stored) {
        return name().equals(stored);
    }
}
