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
    SETTLEMENT_PAYMENT,
    /** A member's default-fund contribution set: member default fund +/-, custody -/+. */
    DEFAULT_FUND_CONTRIBUTION,
    /** The CCP's committed capital set: skin in the game +/-, custody -/+. */
    SKIN_IN_THE_GAME,
    /** A ported client account's collateral: old account (collateral and buckets) -, new account +. */
    PORTING_TRANSFER,
    /** Waterfall layer 1: the defaulter's collateral -, CCP default loss +. */
    WATERFALL_DEFAULTER_MARGIN,
    /** Waterfall layer 2: the defaulter's default fund -, CCP default loss +. */
    WATERFALL_DEFAULTER_FUND,
    /** Waterfall layer 3: CCP skin in the game -, CCP default loss +. */
    WATERFALL_SKIN_IN_THE_GAME,
    /** Waterfall layer 4: each surviving member's default fund -, CCP default loss +. */
    WATERFALL_MUTUAL_FUND,
    /** Waterfall layer 5: each surviving member's assessment receivable -, CCP default loss +. */
    WATERFALL_ASSESSMENT,
    /** What no layer covered: CCP uncovered loss -, CCP default loss +. */
    WATERFALL_UNCOVERED,
    /** A defaulter's surplus after close-out and costs: its collateral +, CCP default loss -. */
    DEFAULT_SURPLUS,
    /** The waterfall takes over a defaulter's unpaid settlement balances: each balance cleared, CCP default loss the sum. */
    DEFAULT_SETTLEMENT_WRITE_OFF
}
