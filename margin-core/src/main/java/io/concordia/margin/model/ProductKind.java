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
    FUTURE;

    /**
     * Parses a kind name.
     *
     * @param name {@code PERPETUAL} or {@code FUTURE}
     * @return the kind
     * @throws IllegalArgumentException naming the value if it is not a kind
     */
    public static ProductKind of(String name) {
        for (ProductKind k : values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("kind must be PERPETUAL or FUTURE, got: " + name);
    }
}
