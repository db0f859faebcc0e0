package io.concordia.clearing.ledger;

/** Why a journal entry was booked. */
public enum EntryKind {
    /** Collateral received: member collateral +, custody -. */
    DEPOSIT,
    /** A withdrawal request reserves collateral: member collateral -, pending +. */
    WITHDRAWAL_RESERVE,
    /** An approved withdrawal leaves: pending -, custody +. */
    WITHDRAWAL_PAYOUT,
    /** A rejected withdrawal returns to the member: pending -, member collateral +. */
    WITHDRAWAL_RELEASE,
    /** Collateral moved into an isolated bucket: member collateral -, bucket +. */
    BUCKET_ALLOCATE,
    /** Collateral moved out of an isolated bucket: bucket -, member collateral +. */
    BUCKET_RELEASE,
    /** A settlement cycle's net of one member in one currency: each account's settlement balance +/-, CCP settlement the opposite. */
    SETTLEMENT_CYCLE,
    /** A settlement cycle's CCP side in one currency: CCP settlement -, fee income +, rounding residue +. */
    SETTLEMENT_CCP,
    /** A settled instruction: each account's share out of its settlement balance, into (or out of) its collateral. */
    SETTLEMENT_PAYMENT
}
