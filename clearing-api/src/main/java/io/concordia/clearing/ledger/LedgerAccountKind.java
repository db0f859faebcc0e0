package io.concordia.clearing.ledger;

/** What a ledger account books. The CCP's accounts are created by migrations, one of each kind. */
public enum LedgerAccountKind {
    /** A member account's collateral: what the CCP owes the member. Never negative. */
    MEMBER_COLLATERAL,
    /** A member account's collateral allocated to the isolated bucket of one product. Never negative. */
    MEMBER_BUCKET,
    /** The other side of everything received from or paid to the outside world. */
    CCP_CUSTODY,
    /** Collateral reserved by withdrawal requests awaiting an operator's decision. */
    CCP_WITHDRAWALS_PENDING;

    /** The code of the CCP's single ledger account of this kind. */
    String ccpCode() {
        return switch (this) {
            case CCP_CUSTODY -> "CCP:CUSTODY";
            case CCP_WITHDRAWALS_PENDING -> "CCP:WITHDRAWALS-PENDING";
            case MEMBER_COLLATERAL, MEMBER_BUCKET -> throw new IllegalArgumentException("member collateral accounts belong to accounts");
        };
    }
}
