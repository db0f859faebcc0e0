package io.concordia.margin.model;

/** The right of a European option (docs/margin-model.md §8.1): to receive {@code F_T - K} or {@code K - F_T} at expiry if positive. */
public enum OptionRight {
    /** Pays {@code max(F_T - K, 0)}. */
    CALL,
    /** Pays {@code max(K - F_T, 0)}. */
    PUT;

    /**
     * Parses a right name.
     *
     * @param name {@code CALL} or {@code PUT}
     * @return the right
     * @throws IllegalArgumentException naming the value if it is not a right
     */
    public static OptionRight of(String name) {
        for (OptionRight r : values()) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("right must be CALL or PUT, got: " + name);
    }

    /**
     * The payoff at expiry per unit long.
     *
     * @param forward the underlying's settlement price {@code F_T}
     * @param strike the strike {@code K}
     * @return {@code max(F_T - K, 0)} for a call, {@code max(K - F_T, 0)} for a put
     */
    public double intrinsic(double forward, double strike) {
        return this == CALL ? Math.max(forward - strike, 0.0) : Math.max(strike - forward, 0.0);
    }
}
