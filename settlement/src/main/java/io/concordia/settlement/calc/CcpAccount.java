package io.concordia.settlement.calc;

/** The CCP's own ledger accounts that a settlement cycle posts to. */
public enum CcpAccount {
    /**
     * The counterparty of every member's variation margin and funding: in a book where positions sum to zero across
     * members (I2 with no CCP-held position) its posting for a cycle is exactly 0.
     */
    CCP_SETTLEMENT,
    /** Clearing fee income: receives the fees members pay, rounded down at the currency scale. */
    CCP_FEES,
    /** Receives the rounding residue of the cycle, always {@code >= 0} (every rounding is in the CCP's favour). */
    CCP_ROUNDING
}
