package io.concordia.clearing.settlement;

/**
 * Announced synchronously as a cycle goes through its steps, for monitoring and for the tests that stop a cycle
 * between two steps. An observer that throws aborts the cycle where it stands: inside a step's transaction (which
 * then rolls back) or between two steps.
 *
 * @param cycleId the cycle
 * @param cycle its code
 * @param point where the cycle is
 */
public record CycleStep(long cycleId, String cycle, Point point) {

    /** The points a cycle announces. */
    public enum Point {
        /** Inside the POSTED step's transaction, after the ledger entries and before the instructions are written. */
        LEDGER_POSTED,
        /** After the FROZEN step committed. */
        FROZEN,
        /** After the POSTED step committed, before the instructions are published. */
        POSTED,
        /** After the PUBLISHED step committed. */
        PUBLISHED
    }
}
