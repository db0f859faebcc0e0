package io.concordia.simulator;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Preconditions shared by the records; each names the argument and the value it refuses. */
final class Checks {

    /** The schemas' venue code pattern. */
    static final Pattern VENUE_CODE = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    /** The schemas' decimal string: at most 20 integer and 18 fraction digits. */
    static final int MAX_INTEGER_DIGITS = 20;

    static final int MAX_SCALE = 18;

    private Checks() {}

    static String venueCode(String name, String value) {
        if (value == null || !VENUE_CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be lower-case letters, digits and dashes, "
                    + "starting with a letter or digit, at most 32: " + value);
        }
        return value;
    }

    static String text(String name, String value, int maxLength) {
        if (value == null || value.isBlank() || value.length() > maxLength) {
            throw new IllegalArgumentException(name + " must be 1 to " + maxLength + " characters, not blank: "
                    + (value == null ? null : Json.quote(value)));
        }
        return value;
    }

    /** A strictly positive decimal that the schemas' decimal string pattern can carry. */
    static BigDecimal positiveDecimal(String name, BigDecimal value) {
        if (value == null || value.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be > 0: " + value);
        }
        BigDecimal v = value.scale() < 0 ? value.setScale(0) : value;
        if (v.scale() > MAX_SCALE) {
            v = v.stripTrailingZeros();
            v = v.scale() < 0 ? v.setScale(0) : v;
        }
        if (v.scale() > MAX_SCALE || v.precision() - v.scale() > MAX_INTEGER_DIGITS) {
            throw new IllegalArgumentException(name + " must have at most " + MAX_INTEGER_DIGITS + " integer and "
                    + MAX_SCALE + " fraction digits: " + value);
        }
        return v;
    }

    static <T> T notNull(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
