package io.concordia.clearing.ledger;

/** What a ledger account books. The CCP's accounts are created by migrations, one of each kind. */
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
    CCP_ROUNDING;

    /** The code of the CCP's single ledger account of this kind. */
    public String ccpCode() {
        return switch (this) {
            case CCP_CUSTODY -> "CCP:CUSTODY";
            case CCP_WITHDRAWALS_PENDING -> "CCP:WITHDRAWALS-PENDING";
            case CCP_SETTLEMENT -> "CCP:SETTLEMENT";
            case CCP_FEES -> "CCP:FEES";
            case CCP_ROUNDING -> "CCP:ROUNDING";
            case MEMBER_COLLATERAL, MEMBER_BUCKET, MEMBER_SETTLEMENT -> throw new IllegalArgumentException(this + " accounts belong to member accounts");
        };
    }
}
