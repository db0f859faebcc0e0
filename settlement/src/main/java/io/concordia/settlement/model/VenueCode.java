package io.concordia.settlement.model;

import java.util.regex.Pattern;

/**
 * Typed identifier of a trading venue.
 *
 * <p>Matches {@code [a-z0-9][a-z0-9-]{0,31}} (the same rule as the database's CHECK constraint).
 *
 * @param code the code, e.g. {@code venue-a}
 */
public record VenueCode(String code) implements Comparable<VenueCode> {

    private static final Pattern CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    /** Validates the code. @throws IllegalArgumentException if the code is null or does not match the pattern */
    public VenueCode {
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("VenueCode code must match [a-z0-9][a-z0-9-]{0,31}, got: " + code);
        }
    }

    /**
     * Creates the id.
     *
     * @param code the code
     * @return the id
     * @throws IllegalArgumentException if the code is malformed
     */
    public static VenueCode of(String code) {
        return new VenueCode(code);
    }

    @Override
    public int compareTo(VenueCode other) {
        return code.compareTo(other.code);
    }

    @Override
    public String toString() {
        return code;
    }
}
