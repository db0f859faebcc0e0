package io.concordia.margin.model;

import java.math.BigDecimal;

/**
 * The schedule's parameters of one liquidity tier (docs/margin-model.md §4 steps 3, 5 and 6).
 *
 * @param table size-floor table (step 5)
 * @param basis basis-charge rate {@code beta} on the offset notional (step 6), in [0, 1]
 * @param stressShock magnitude of the default stress move (step 3), in [0, 1]: the default stress set moves
 *     every underlying of the tier by {@code -stressShock} (ALL-DOWN) and {@code +stressShock} (ALL-UP)
 */
public record TierParameters(TierTable table, BigDecimal basis, BigDecimal stressShock) {

    /** Validates the parameters. @throws IllegalArgumentException on null or out-of-range values */
    public TierParameters {
        Checks.notNull(table, "table");
        Checks.between(basis, BigDecimal.ZERO, BigDecimal.ONE, "basis");
        Checks.between(stressShock, BigDecimal.ZERO, BigDecimal.ONE, "stressShock");
    }

    /**
     * Creates tier parameters.
     *
     * @param table the floor table
     * @param basis basis rate (decimal string)
     * @param stressShock stress shock (decimal string)
     * @return the parameters
     */
    public static TierParameters of(TierTable table, String basis, String stressShock) {
        return new TierParameters(table, new BigDecimal(basis), new BigDecimal(stressShock));
    }
}
