package io.concordia.clearing.settlement;

/** PENDING until the payment is confirmed (SETTLED) or reported failed (FAILED); a late payment settles a FAILED one. */
public enum InstructionStatus {
    PENDING,
    SETTLED,
    FAILED
}
