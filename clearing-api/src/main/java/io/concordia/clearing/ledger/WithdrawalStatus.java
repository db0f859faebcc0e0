package io.concordia.clearing.ledger;

public enum WithdrawalStatus {
    PENDING,
    APPROVED,
    REJECTED
}
