package io.concordia.types;

import java.util.regex.Pattern;

/**
 * Typed identifier of an asset: a collateral asset (docs/margin-model.md §1: USD, USDC, BTC...) or the settlement
 * currency of a product (USD, USDC, USDT).
 *
 * <p>Matches {@code [A-Z0-9]{2,12}}, case-sensitive: the rule of the database's CHECK constraints on asset codes, so
 * that a code the libraries accept is one the service can store and {@code usdc} is never a second USDC.
 *
 * @param code the code, e.g. {@code USD}
 */
public record AssetCode(String code) implements Comparable<AssetCode> {

    private static final Pattern CODE = Pattern.compile("[A-Z0-9]{2,12}");

    /** Validates the code. @throws IllegalArgumentException if the code is null or does not match the pattern */
    public AssetCode {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("AssetCode code must match [A-Z0-9]{2,12}, got: " + code);
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
