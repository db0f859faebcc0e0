package io.concordia.settlement.model;

import java.util.regex.Pattern;

/**
 * Typed identifier of a harmonized product (docs/margin-model.md §1).
 *
 * <p>Matches {@code [A-Z0-9][A-Z0-9-]{0,39}} (the same rule as the database's CHECK constraint).
 *
 * @param code the code, e.g. {@code BTC-PERP}
 */
public record ProductSymbol(String code) implements Comparable<ProductSymbol> {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9][A-Z0-9-]{0,39}");

    /** Validates the code. @throws IllegalArgumentException if the code is null or does not match the pattern */
    public ProductSymbol {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("ProductSymbol code must match [A-Z0-9][A-Z0-9-]{0,39}, got: " + code);
        }
    }

    /**
     * Creates the id.
     *
     * @param code the code
     * @return the id
     * @throws IllegalArgumentException if the code is malformed
     */
    public static ProductSymbol of(String code) {
        return new ProductSymbol(code);
    }

    @Override
    public int compareTo(ProductSymbol other) {
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return code;
    }
}
