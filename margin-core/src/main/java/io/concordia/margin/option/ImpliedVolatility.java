package io.concordia.margin.option;

import io.concordia.margin.model.OptionRight;

/**
 * The Black-76 volatility that reproduces an option's price: used where an option has a price but no quoted implied
 * volatility yet (its first trade came before any venue's mark). The value is increasing in the volatility, so the
 * volatility is found by bisection; a price at or below the intrinsic value gives {@link #MIN}, a price the model
 * cannot reach (at or above the forward for a call, the strike for a put) gives {@link #MAX}.
 */
public final class ImpliedVolatility {

    /** The lowest volatility returned, 1% a year. */
    public static final double MIN = 0.01;
    /** The highest volatility returned, 1,000% a year. */
    public static final double MAX = 10.0;

    private static final int ITERATIONS = 100;

    private ImpliedVolatility() {}

    /**
     * The implied volatility of a price.
     *
     * @param right call or put
     * @param price the option's price per unit, USD, {@code >= 0}
     * @param forward {@code F > 0}
     * @param strike {@code K > 0}
     * @param tau years to expiry
     * @return sigma in {@code [MIN, MAX]}, to about 1e-12; {@link #MIN} at or after expiry, where the value does not
     *     depend on it
     */
    public static double of(OptionRight right, double price, double forward, double strike, double tau) {
        if (!(forward > 0) || !(strike > 0) || !(price >= 0)) {
            throw new IllegalArgumentException("implied volatility needs F > 0, K > 0 and a price >= 0, got F="
                    + forward + " K=" + strike + " price=" + price);
        }
        if (tau <= 0 || price <= Black76.value(right, forward, strike, MIN, tau)) {
            return MIN;
        }
        if (price >= Black76.value(right, forward, strike, MAX, tau)) {
            return MAX;
        }
        double low = MIN;
        double high = MAX;
        for (int i = 0; i < ITERATIONS && high - low > 1e-12; i++) {
            double mid = 0.5 * (low + high);
            if (Black76.value(right, forward, strike, mid, tau) < price) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return 0.5 * (low + high);
    }
}
