package io.concordia.clearing.settlement;

/**
 * PENDING until the payment is confirmed (SETTLED) or reported failed (FAILED); a late payment settles a FAILED one.
 * WRITTEN_OFF: the member defaulted and its default case's waterfall took the instruction's amount over (into the loss,
 * or the surplus); it is never paid or received any more. SETTLED and WRITTEN_OFF are final.
 */
public enum InstructionStatus {
    PENDING,
    SETTLED,
    FAILED,
    WRITTEN_OFF
}
