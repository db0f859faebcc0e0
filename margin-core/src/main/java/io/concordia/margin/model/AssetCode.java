package io.concordia.margin.model;

import java.util.regex.Pattern;

/**
 * Typed identifier of a collateral asset (USD, USDC, BTC, ...) (docs/margin-model.md §1).
 *
 * <p>A non-blank code of letters, digits, {@code .}, {@code _}, {@code -} or {@code /}, at most 64 characters.
 *
 * @param code the code, e.g. {@code USDC}
 */
public record AssetCode(String code) implements Comparable<AssetCode> {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._/-]{1,64}");

    /** Validates the code. @throws IllegalArgumentException if the code is null, blank or malformed */
    public AssetCode {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("AssetCode code must match [A-Za-z0-9._/-]{1,64}, got: " + code);
        }
    }

    /**
     * Creates the id.
     *
     * @param code the code
     * @return the id
     * @throws IllegalArgumentException if the code is malformed
     */
    public static AssetCode of(String code) {
        return new AssetCode(code);
    }

    @Override
    public int compareTo(AssetCode other) {
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return code;
    }
}
