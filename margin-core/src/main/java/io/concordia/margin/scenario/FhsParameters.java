package io.concordia.margin.scenario;

import java.math.BigDecimal;

/**
 * Parameters of filtered historical simulation (docs/margin-model.md §3).
 *
 * @param horizon {@code h}, days of the margin period of risk, {@code >= 1} (default 2, EU rule for
 *     exchange-traded derivatives)
 * @param lambda EWMA decay, strictly inside (0, 1) (default 0.97, LCH PAIRS)
 * @param phi volatility floor, {@code >= 0} (default 0.75, anti-procyclicality)
 * @param window {@code W}, how many of the most recent scenarios to keep, {@code >= 1}, or {@code null} for all
 */
public record FhsParameters(int horizon, BigDecimal lambda, BigDecimal phi, Integer window) {

    /** The spec's defaults: h = 2, lambda = 0.97, phi = 0.75, all scenarios. */
    public static final FhsParameters DEFAULT = new FhsParameters(2, new BigDecimal("0.97"), new BigDecimal("0.75"), null);

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
        if (window != null && window < 1) {
            throw new IllegalArgumentException("window must be >= 1 or absent, got: " + window);
        }
    }

    /**
     * Creates parameters.
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
}
