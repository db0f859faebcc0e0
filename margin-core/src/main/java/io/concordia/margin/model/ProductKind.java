package io.concordia.margin.model;

/**
 * Kind of harmonized product (docs/margin-model.md §1). Version 1 margins both kinds with the
 * same linear scenario P&amp;L {@code n_p * R[u(p)][s]}; they differ only through the basis charge that
 * applies when a perpetual and a future on the same underlying offset each other.
 */
public enum ProductKind {
    /** Perpetual swap: no expiry, funded. */
    PERPETUAL,
    /** Dated future with an expiry. */
    FUTURE,
    /**
     * European option, cash-settled and futures-style (docs/margin-model.md §8.1): revalued in full under every
     * scenario instead of the linear P&amp;L.
     */
    OPTION;

    /**
     * Parses a kind name.
     *
     * @param name {@code PERPETUAL}, {@code FUTURE} or {@code OPTION}
     * @return the kind
     * @throws IllegalArgumentException naming the value if it is not a kind
     */
    public static ProductKind of(String name) {
        for (ProductKind k : values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be PERPETUAL, FUTURE or OPTION, got: " + name);
    }
}
