package io.concordia.clearing.margin;

import io.concordia.margin.calc.MarginStatus;

/**
 * Why a margin call asks an account for money, and the one rule that says when each reason is gone. An account has
 * at most one open call; it records every cause it was raised or grown for ({@code margin_call_cause}) and is MET
 * once none is open. Only a call with an open cause goes OVERDUE or ESCALATED: every step re-checks its causes here.
 */
public enum CallCause {

    /** Equity fell below IM. Met when equity is back at or above IM: the account's margin status is HEALTHY. */
    MARGIN_DEFICIT {
        @Override
        boolean isOpen(Evidence e) {
            return !MarginStatus.HEALTHY.name().equals(e.marginStatus());
        }
    },

    /**
     * A settlement payment (PAY instruction) the account had a share of failed. Met when the instruction is SETTLED
     * (by an operator or the custodian's feed: the payment arrived late) or WRITTEN_OFF (a default case's waterfall
     * took the debt over).
     */
    SETTLEMENT_FAILURE {
        @Override
        boolean isOpen(Evidence e) {
            return !"SETTLED".equals(e.instructionStatus()) && !"WRITTEN_OFF".equals(e.instructionStatus());
        }
    };

    /**
     * What the causes are judged on, as it stands in the deciding transaction: the account's margin status
     * ({@code HEALTHY}, {@code CALL}, {@code LIQUIDATION}; {@code null} when never margined) and, for a
     * SETTLEMENT_FAILURE, its instruction's status.
     */
    record Evidence(String marginStatus, String instructionStatus) {}

    /** Whether this cause still asks for money. */
    abstract boolean isOpen(Evidence e);
}
