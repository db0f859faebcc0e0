package io.concordia.margin.model;

import io.concordia.types.Checks;
import java.math.BigDecimal;

/**
 * The schedule's option parameters of one liquidity tier (docs/margin-model.md §8.4 and §8.5).
 *
 * @param spotVolBeta {@code kappa >= 0}: under a scenario return {@code R} implied volatility is multiplied by
 *     {@code clamp(1 - kappa R, 1 - volDown, 1 + volUp)}
 * @param volUp {@code vUp >= 0}: the largest relative rise of implied volatility, and the default stress's rise
 * @param volDown {@code vDown} in [0, 1): the largest relative fall, and the default stress's fall
 * @param shortOptionMinimum {@code som} in [0, 1]: the short option minimum per unit of short option notional
 *     {@code |q| F_u}
 */
public record OptionTierParameters(
        BigDecimal spotVolBeta, BigDecimal volUp, BigDecimal volDown, BigDecimal shortOptionMinimum) {

    /** Validates the parameters. @throws IllegalArgumentException on null or out-of-range values */
    public OptionTierParameters {
        Checks.nonNegative(spotVolBeta, "spotVolBeta");
        Checks.nonNegative(volUp, "volUp");
        Checks.between(volDown, BigDecimal.ZERO, BigDecimal.ONE, "volDown");
        if (volDown.compareTo(BigDecimal.ONE) == 0) {
            throw new IllegalArgumentException("volDown must be < 1 (volatility must stay positive), got: " + volDown);
        }
        Checks.between(shortOptionMinimum, BigDecimal.ZERO, BigDecimal.ONE, "shortOptionMinimum");
    }

    /**
     * The defaults of docs/margin-model.md §8.4: {@code kappa} 1.5; {@code vUp} T1 0.50, T2 0.75, T3 1.00;
     * {@code vDown} T1 0.30, T2 0.35, T3 0.40; short option minimum T1 0.010, T2 0.015, T3 0.020.
     *
     * @param tier the tier
     * @return its default option parameters
     */
    public static OptionTierParameters defaultFor(LiquidityTier tier) {
        return switch (tier) {
            case T1 -> of("1.5", "0.50", "0.30", "0.010");
            case T2 -> of("1.5", "0.75", "0.35", "0.015");
            case T3 -> of("1.5", "1.00", "0.40", "0.020");
        };
    }

    /**
     * Creates option parameters from decimal strings.
     *
     * @param spotVolBeta {@code kappa}
     * @param volUp {@code vUp}
     * @param volDown {@code vDown}
     * @param shortOptionMinimum {@code som}
     * @return the parameters
     */
    public static OptionTierParameters of(String spotVolBeta, String volUp, String volDown, String shortOptionMinimum) {
        return new OptionTierParameters(
                new BigDecimal(spotVolBeta),
                new BigDecimal(volUp),
                new BigDecimal(volDown),
                new BigDecimal(shortOptionMinimum));
    }
}
