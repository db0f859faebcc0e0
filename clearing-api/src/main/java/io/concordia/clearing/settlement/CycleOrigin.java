package io.concordia.clearing.settlement;

/** What started a cycle. */
public enum CycleOrigin {
    /** The schedule ({@code concordia.settlement.cron}). */
    SCHEDULED,
    /** An operator's request, audited. */
    OPERATOR
}
