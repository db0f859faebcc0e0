package io.concordia.types;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/** Argument checks shared by the value types and calculators of margin-core and settlement; every message names the argument and the value. */
public final class Checks {

    /** Largest currency scale accepted (the database's asset scale CHECK: 0..18). */
    public static final int MAX_SCALE = 18;

    private Checks() {}

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
     * Requires a decimal {@code > 0}.
     *
     * @param value the value
     * @param name the argument name
     * @return the value
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
     * Requires a decimal {@code >= 0}.
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
     * Requires a non-zero decimal.
     *
     * @param value the value
     * @param name the argument name
     * @return the value
     * @throws IllegalArgumentException if null or zero
     */
    public static BigDecimal nonZero(BigDecimal value, String name) {
        notNull(value, name);
        if (value.signum() == 0) {
            throw new IllegalArgumentException(name + " must not be 0, got: " + value.toPlainString());
        }
        return value;
    }

    /**
     * Requires a currency scale in {@code [0, 18]}.
     *
     * @param scale decimal places
     * @param name the argument name
     * @return the scale
     * @throws IllegalArgumentException if outside the range
     */
    public static int scale(int scale, String name) {
        if (scale < 0 || scale > MAX_SCALE) {
            throw new IllegalArgumentException(name + " must be in [0, " + MAX_SCALE + "], got: " + scale);
        }
        return scale;
    }

    /**
     * Requires a decimal that has at most {@code scale} decimal places (an amount already at the currency scale).
     *
     * @param value the value
     * @param scale the currency scale
     * @param name the argument name
     * @return the value
     * @throws IllegalArgumentException if null or finer than the scale
     */
    public static BigDecimal atScale(BigDecimal value, int scale, String name) {
        notNull(value, name);
        if (value.stripTrailingZeros().scale() > scale) {
            throw new IllegalArgumentException(
                    name + " must have at most " + scale + " decimal places, got: " + value.toPlainString());
        }
        return value;
    }

    /**
     * Requires a collection with no null element.
     *
     * @param values the collection
     * @param name the argument name
     * @param <C> the collection type
     * @return the collection
     * @throws IllegalArgumentException if the collection or an element is null
     */
    public static <C extends Collection<?>> C noNulls(C values, String name) {
        notNull(values, name);
        int i = 0;
        for (Object v : values) {
            if (v == null) {
                throw new IllegalArgumentException(name + "[" + i + "] must not be null");
            }
            i++;
        }
        return values;
    }

    /**
     * Requires a map with no null key or value.
     *
     * @param values the map
     * @param name the argument name
     * @param <M> the map type
     * @return the map
     * @throws IllegalArgumentException if the map, a key or a value is null
     */
    public static <M extends Map<?, ?>> M noNulls(M values, String name) {
        notNull(values, name);
        for (Map.Entry<?, ?> e : values.entrySet()) {
            if (e.getKey() == null) {
                throw new IllegalArgumentException(name + " must not have a null key");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException(name + "[" + e.getKey() + "] must not be null");
            }
        }
        return values;
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
            throw new IllegalArgumentException(name + " must be in [" + lo.toPlainString() + ", " + hi.toPlainString()
                    + "], got: " + value.toPlainString());
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
