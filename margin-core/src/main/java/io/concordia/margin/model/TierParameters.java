package io.concordia.margin.model;

import io.concordia.types.Checks;
import java.math.BigDecimal;

/**
 * The schedule's parameters of one liquidity tier (docs/margin-model.md §4 steps 3, 5 and 6).
 *
 * @param table size-floor table (step 5)
 * @param basis basis-charge rate {@code beta} on the offset notional (step 6), in [0, 1]
 * @param stressShock magnitude of the default stress move (step 3), in [0, 1]: the default stress set moves
 *     every underlying of the tier by {@code -stressShock} (ALL-DOWN) and {@code +stressShock} (ALL-UP)
 * @param options the tier's option parameters (docs/margin-model.md §8.4), or {@code null} for the defaults of the
 *     tier ({@link #optionsOf})
 */
public record TierParameters(TierTable table, BigDecimal basis, BigDecimal stressShock, OptionTierParameters options) {

    /** Parameters with the tier's default option parameters. */
    public TierParameters(TierTable table, BigDecimal basis, BigDecimal stressShock) {
        this(table, basis, stressShock, null);
    }

    /** Validates the parameters. @throws IllegalArgumentException on null or out-of-range values */
    public TierParameters {
        Checks.notNull(table, "table");
        Checks.between(basis, BigDecimal.ZERO, BigDecimal.ONE, "basis");
        Checks.between(stressShock, BigDecimal.ZERO, BigDecimal.ONE, "stressShock");
    }

    /**
     * The option parameters in force for a tier: the explicit ones, else the tier's defaults.
     *
     * @param tier the tier these parameters belong to
     * @return the option parameters
     */
    public OptionTierParameters optionsOf(LiquidityTier tier) {
        return options != null ? options : OptionTierParameters.defaultFor(tier);
    }

    /**
     * Returns these parameters with explicit option parameters.
     *
     * @param newOptions the option parameters, or {@code null} for the tier's defaults
     * @return the parameters
     */
    public TierParameters withOptions(OptionTierParameters newOptions) {
        return new TierParameters(table, basis, stressShock, newOptions);
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
