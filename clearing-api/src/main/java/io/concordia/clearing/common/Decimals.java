package io.concordia.clearing.common;

import java.math.BigDecimal;

/**
 * Checks on decimal amounts and quantities received from clients. The database columns are
 * {@code NUMERIC(38, 18)}: at most 20 integer digits, at most 18 decimals, and no amount may carry more
 * decimals than its asset's scale (nothing is rounded silently).
 */
public final class Decimals {

    /** The largest number of integer digits any quantity may have (NUMERIC(38, 18)). */
    public static final int MAX_INTEGER_DIGITS = 20;

    private Decimals() {
    }

    /** A strictly positive quantity with no more than {@code scale} decimals, returned at that scale. */
    public static BigDecimal positive(BigDecimal value, int scale, String field) {
        if (value.signum() <= 0) {
            throw ApiProblem.unprocessable("NOT_POSITIVE", field + " must be greater than zero, was " + value.toPlainString());
        }
        return atScale(value, scale, field);
    }

    /** {@code value} at exactly {@code scale} decimals; refuses to round and refuses absurd magnitudes. */
    public static BigDecimal atScale(BigDecimal value, int scale, String field) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
            throw ApiProblem.unprocessable("OUT_OF_RANGE", field + " is too large");
        }
        if (stripped.scale() > scale) {
            throw ApiProblem.unprocessable("TOO_MANY_DECIMALS",
                    field + " has more than " + scale + " decimals: " + value.toPlainString());
        }
        return stripped.setScale(scale);
    }

    /** Without the trailing zeros of NUMERIC(38, 18): 1.5, not 1.500000000000000000. */
    public static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
