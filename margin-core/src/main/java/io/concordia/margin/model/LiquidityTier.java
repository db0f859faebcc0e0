package io.concordia.margin.model;

/**
 * Liquidity tier of an underlying (docs/margin-model.md §1). Each tier has its own size-floor
 * table, basis rate and stress shock in the {@link Schedule}.
 */
public enum LiquidityTier {
    /** Most liquid underlyings (default: BTC, ETH). */
    T1,
    /** Liquid altcoins. */
    T2,
    /** Least liquid underlyings. */
    T3;

    /**
     * Parses a tier name.
     *
     * @param name {@code T1}, {@code T2} or {@code T3}
     * @return the tier
     * @throws IllegalArgumentException naming the value if it is not a tier
     */
    public static LiquidityTier of(String name) {
        for (LiquidityTier t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("tier must be one of T1, T2, T3, got: " + name);
    }
}
