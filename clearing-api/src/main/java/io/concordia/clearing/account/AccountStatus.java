package io.concordia.clearing.account;

/** A FROZEN account accepts deposits but no withdrawals or new trades; a CLOSED one accepts nothing. */
public enum AccountStatus {
    OPEN,
    FROZEN,
    CLOSED
}
