package io.concordia.margin.model;

import java.util.regex.Pattern;

/**
 * Typed identifier of an underlying (BTC, ETH, ...) (docs/margin-model.md §1).
 *
 * <p>A non-blank code of letters, digits, {@code .}, {@code _}, {@code -} or {@code /}, at most 64 characters.
 *
 * @param code the code, e.g. {@code BTC}
 */
public record UnderlyingId(String code) implements Comparable<UnderlyingId> {

    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9._/-]{1,64}");

    /** Validates the code. @throws IllegalArgumentException if the code is null, blank or malformed */
    public UnderlyingId {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("UnderlyingId code must match [A-Za-z0-9._/-]{1,64}, got: " + code);
        }
    }

    /**
     * Creates the id.
     *
     * @param code the code
     * @return the id
     * @throws IllegalArgumentException if the code is malformed
     */
    public static UnderlyingId of(String code) {
        return new UnderlyingId(code);
    }

    @Override
    public int compareTo(UnderlyingId other) {
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return code;
    }
}
