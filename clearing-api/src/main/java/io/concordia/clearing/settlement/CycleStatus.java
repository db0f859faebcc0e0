package io.concordia.clearing.settlement;

/**
 * The steps of a settlement cycle, each one database transaction, recorded on the cycle so that a crash between two
 * leaves a state the next run completes exactly once.
 */
public enum CycleStatus {
    /** The cut-off: settlement prices frozen and every unsettled trade of a priced product assigned to the cycle. */
    FROZEN,
    /** Ledger entries, statement, instructions and the positions' next reference state written. */
    POSTED,
    /** The instructions' events are in the outbox: the cycle is finished. */
    PUBLISHED
}
