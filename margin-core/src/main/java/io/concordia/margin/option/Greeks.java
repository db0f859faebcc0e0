package io.concordia.margin.option;

/**
 * An option's Black-76 value and Greeks per unit long (docs/margin-model.md §8.3), or a position's (multiplied by
 * its quantity).
 *
 * @param value model value {@code V}, USD per unit
 * @param delta {@code dV/dF}
 * @param gamma {@code d2V/dF2}, per USD
 * @param vega {@code dV/dsigma / 100}: USD per volatility point
 * @param theta {@code -dV/dtau / 365}: USD per day
 */
public record Greeks(double value, double delta, double gamma, double vega, double theta) {

    /**
     * Multiplies every figure by a quantity.
     *
     * @param quantity signed quantity
     * @return the position's figures
     */
    public Greeks times(double quantity) {
        return new Greeks(quantity * value, quantity * delta, quantity * gamma, quantity * vega, quantity * theta);
    }
}
