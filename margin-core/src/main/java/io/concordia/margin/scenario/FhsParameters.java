package io.concordia.margin.scenario;

import java.math.BigDecimal;

/**
 * Parameters of filtered historical simulation (docs/margin-model.md, "Building a scenario set"). Where each default
 * comes from, and when it was last reviewed, is in margin-core's README ("Parameter provenance").
 *
 * @param horizon {@code h}, days of the margin period of risk, {@code >= 1} (default 2, EU rule for
 *     exchange-traded derivatives)
 * @param lambda EWMA decay, strictly inside (0, 1) (default 0.97, LCH PAIRS)
 * @param phi volatility floor, {@code >= 0} (default 0.75, anti-procyclicality)
 * @param floorLookback {@code F}, how many of the most recent daily returns the floor's long-run variance averages,
 *     {@code >= 1} (default 3650: ten years, EU anti-procyclicality option); version 1.0 ignores it and averages
 *     the whole history
 * @param window {@code W}, how many of the most recent scenarios to keep, {@code >= 1}, or {@code null} for all
 */
public record FhsParameters(int horizon, BigDecimal lambda, BigDecimal phi, int floorLookback, Integer window) {

    /** Default {@code F}: ten years of daily closes. */
    public static final int DEFAULT_FLOOR_LOOKBACK = 3650;

    /** The spec's defaults: h = 2, lambda = 0.97, phi = 0.75, F = 3650, all scenarios. */
    public static final FhsParameters DEFAULT =
            new FhsParameters(2, new BigDecimal("0.97"), new BigDecimal("0.75"), DEFAULT_FLOOR_LOOKBACK, null);

    /** Validates the parameters. @throws IllegalArgumentException naming the parameter and value */
    public FhsParameters {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1 day, got: " + horizon);
        }
        if (lambda == null || lambda.signum() <= 0 || lambda.compareTo(BigDecimal.ONE) >= 0) {
            throw new IllegalArgumentException("lambda must be strictly between 0 and 1, got: " + lambda);
        }
        if (phi == null || phi.signum() < 0) {
            throw new IllegalArgumentException("phi must be >= 0, got: " + phi);
        }
        if (floorLookback < 1) {
            throw new IllegalArgumentException("floorLookback (F) must be >= 1 return, got: " + floorLookback);
        }
        if (window != null && window < 1) {
            throw new IllegalArgumentException("window must be >= 1 or absent, got: " + window);
        }
    }

    /**
     * Parameters with the default floor look-back {@code F} = 3650.
     *
     * @param horizon h in days
     * @param lambda EWMA decay
     * @param phi volatility floor
     * @param window scenarios kept, or {@code null} for all
     */
    public FhsParameters(int horizon, BigDecimal lambda, BigDecimal phi, Integer window) {
        this(horizon, lambda, phi, DEFAULT_FLOOR_LOOKBACK, window);
    }

    /**
     * Creates parameters with the default floor look-back.
     *
     * @param horizon h in days
     * @param lambda EWMA decay (decimal string)
     * @param phi volatility floor (decimal string)
     * @param window scenarios kept, or {@code null} for all
     * @return the parameters
     */
    public static FhsParameters of(int horizon, String lambda, String phi, Integer window) {
        return new FhsParameters(horizon, new BigDecimal(lambda), new BigDecimal(phi), window);
    }

    /**
     * Creates parameters.
     *
     * @param horizon h in days
     * @param lambda EWMA decay (decimal string)
     * @param phi volatility floor (decimal string)
     * @param floorLookback F, returns in the floor's long-run variance
     * @param window scenarios kept, or {@code null} for all
     * @return the parameters
     */
    public static FhsParameters of(int horizon, String lambda, String phi, int floorLookback, Integer window) {
        return new FhsParameters(horizon, new BigDecimal(lambda), new BigDecimal(phi), floorLookback, window);
    }

    /**
     * Parameters where any {@code null} argument takes its default.
     *
     * @param horizon h, or null
     * @param lambda lambda, or null
     * @param phi phi, or null
     * @param floorLookback F, or null
     * @param window W, or null for all scenarios
     * @return the parameters
     * @throws IllegalArgumentException naming a parameter out of range
     */
    public static FhsParameters withDefaults(
            Integer horizon, BigDecimal lambda, BigDecimal phi, Integer floorLookback, Integer window) {
        return new FhsParameters(
                horizon == null ? DEFAULT.horizon : horizon,
                lambda == null ? DEFAULT.lambda : lambda,
                phi == null ? DEFAULT.phi : phi,
                floorLookback == null ? DEFAULT.floorLookback : floorLookback,
                window);
    }
}
