package io.concordia.clearing.ledger;

/**
 * What a ledger account books. The CCP's accounts are created by migrations, one of each kind; a {@code MEMBER_} kind
 * belongs to one of a member's accounts, or to the member itself ({@link #MEMBER_DEFAULT_FUND},
 * {@link #MEMBER_ASSESSMENT}).
 */
public enum LedgerAccountKind {
    /** A member account's collateral: what the CCP owes the member. Never negative. */
    MEMBER_COLLATERAL,
    /** A member account's collateral allocated to the isolated bucket of one product. Never negative. */
    MEMBER_BUCKET,
    /**
     * A member account's share of settlement cycles whose instruction has not settled yet: {@code +} owed to the
     * account, {@code -} owed by it. Either sign; part of the account's equity.
     */
    MEMBER_SETTLEMENT,
    /** The other side of everything received from or paid to the outside world. */
    CCP_CUSTODY,
    /** Collateral reserved by withdrawal requests awaiting an operator's decision. */
    CCP_WITHDRAWALS_PENDING,
    /** The counterparty of every member's variation margin and funding; nets to zero over a cycle when positions do. */
    CCP_SETTLEMENT,
    /** Clearing fee income. */
    CCP_FEES,
    /** The rounding residue of settlement cycles, always in the CCP's favour. */
    CCP_ROUNDING,
    /** A member's default-fund contribution held by the CCP. Never negative. Belongs to the member. */
    MEMBER_DEFAULT_FUND,
    /** Assessments charged to a member by default waterfalls: {@code -} owed by the member. Belongs to the member. */
    MEMBER_ASSESSMENT,
    /** The CCP's own capital committed ahead of the mutual default fund. Never negative. */
    CCP_SKIN_IN_THE_GAME,
    /** Defaulters' settled results: {@code +} resources applied to a loss and owed on, {@code -} a surplus owed in. */
    CCP_DEFAULT_LOSS,
    /** The part of default losses no waterfall layer covered: {@code -} uncovered. */
    CCP_UNCOVERED_LOSS;

    /** Whether accounts of this kind belong to a member itself rather than to one of its accounts. */
    public boolean memberLevel() {
        return this == MEMBER_DEFAULT_FUND || this == MEMBER_ASSESSMENT;
    }

    /** The code of the CCP's single ledger account of this kind. */
    public String ccpCode() {
        return switch (this) {
            case CCP_CUSTODY -> "CCP:CUSTODY";
            case CCP_WITHDRAWALS_PENDING -> "CCP:WITHDRAWALS-PENDING";
            case CCP_SETTLEMENT -> "CCP:SETTLEMENT";
            case CCP_FEES -> "CCP:FEES";
            case CCP_ROUNDING -> "CCP:ROUNDING";
            case CCP_SKIN_IN_THE_GAME -> "CCP:SKIN-IN-THE-GAME";
            case CCP_DEFAULT_LOSS -> "CCP:DEFAULT-LOSS";
            case CCP_UNCOVERED_LOSS -> "CCP:UNCOVERED-LOSS";
            case MEMBER_COLLATERAL, MEMBER_BUCKET, MEMBER_SETTLEMENT, MEMBER_DEFAULT_FUND, MEMBER_ASSESSMENT ->
                throw new IllegalArgumentException(this + " accounts belong to members or their accounts, not the CCP");
        };
    }
}
