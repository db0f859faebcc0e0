package io.concordia.margin.model;

/** How an account is margined (docs/margin-model.md §5). */
public enum MarginMode {
    /** One portfolio of all the account's positions against all its collateral. */
    CROSS,
    /** Every product position is its own bucket, margined alone against the collateral allocated to it. */
    ISOLATED;

    /**
     * Parses a mode name.
     *
     * @param name {@code CROSS} or {@code ISOLATED}
     * @return the mode
     * @throws IllegalArgumentException naming the value if it is not a mode
     */
    public static MarginMode of(String name) {
        for (MarginMode m : values()) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        throw new IllegalArgumentException("mode must be CROSS or ISOLATED, got: " + name);
    }
}
