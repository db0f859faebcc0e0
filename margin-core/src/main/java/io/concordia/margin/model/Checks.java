package io.concordia.margin.model;

import java.math.BigDecimal;

/** Argument checks shared by the value types; every message names the argument and the value. */
public final class Checks {

    private Checks() {
    }

    /**
     * Requires a non-null argument.
     *
     * @param value the value
     * @param name the argument name for the message
     * @param <T> the type
     * @return the value
     * @throws IllegalArgumentException if null
     */
    public static <T> T notNull(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }

    /**
     * Requires a decimal that is {@code > 0}.
     *
     * @param value the value
     * @param name the argument name
     * @return the value with trailing zeros kept as given
     * @throws IllegalArgumentException if null or not positive
     */
    public static BigDecimal positive(BigDecimal value, String name) {
        notNull(value, name);
        if (value.signum() <= 0) {
            throw new IllegalArgumentException(name + " must be > 0, got: " + value.toPlainString());
        }
        return value;
    }

    /**
     * Requires a decimal that is {@code >= 0}.
     *
     * @param value the value
     * @param name the argument name
     * @return the value
     * @throws IllegalArgumentException if null or negative
     */
    public static BigDecimal nonNegative(BigDecimal value, String name) {
        notNull(value, name);
        if (value.signum() < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got: " + value.toPlainString());
        }
        return value;
    }

    /**
     * Requires a decimal in the closed interval [lo, hi].
     *
     * @param value the value
     * @param lo lower bound, inclusive
     * @param hi upper bound, inclusive
     * @param name the argument name
     * @return the value
     * @throws IllegalArgumentException if null or outside the interval
     */
    public static BigDecimal between(BigDecimal value, BigDecimal lo, BigDecimal hi, String name) {
        notNull(value, name);
        if (value.compareTo(lo) < 0 || value.compareTo(hi) > 0) {
            throw new IllegalArgumentException(name + " must be in [" + lo.toPlainString() + ", "
                    + hi.toPlainString() + "], got: " + value.toPlainString());
        }
        return value;
    }

    /**
     * Requires a finite double.
     *
     * @param value the value
     * @param name the argument name
     * @return the value
     * @throws IllegalArgumentException if NaN or infinite
     */
    public static double finite(double value, String name) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number, got: " + value);
        }
        return value;
    }

    /**
     * Requires a non-blank string.
     *
     * @param value the value
     * @param name the argument name
     * @return the value
     * @throws IllegalArgumentException if null or blank
     */
    public static String notBlank(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank, got: " + value);
        }
        return value;
    }
}
