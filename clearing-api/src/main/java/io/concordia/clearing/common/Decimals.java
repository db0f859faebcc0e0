package io.concordia.clearing.common;

import java.math.BigDecimal;

/**
 * Decimal amounts and quantities received from clients and venues. Every decimal that enters Concordia — REST bodies
 * and query parameters, Kafka records, CSV uploads — is read by {@link #parse}, which bounds it before any arithmetic:
 * the columns are {@code NUMERIC(38, 18)}, so at most 20 integer digits and 18 decimals, and no amount may carry more
 * decimals than its asset's scale (nothing is rounded silently).
 */
public final class Decimals {

    /** The largest number of integer digits any quantity may have (NUMERIC(38, 18)). */
    public static final int MAX_INTEGER_DIGITS = 20;
    /** The most decimals any quantity may have (NUMERIC(38, 18)). */
    public static final int MAX_DECIMALS = 18;
    /**
     * The longest decimal text read at all: longer than any NUMERIC(38, 18) value written out with a sign, a point and an
     * exponent, far shorter than a denial-of-service number.
     */
    public static final int MAX_TEXT_LENGTH = 64;

    private Decimals() {}

    /**
     * The gate every decimal input passes: {@code text} as a decimal within NUMERIC(38, 18), checked on its characters
     * before a {@link BigDecimal} exists, so that no exponent or digit count can cost time or memory.
     *
     * @throws ApiProblem {@code 400 INVALID_VALUE} if it is not a decimal number (NaN, Infinity, hex, blanks...);
     *     {@code 422 NUMBER_OUT_OF_RANGE} if it has more than 20 integer digits, an exponent of more than 4 digits or more
     *     than 64 characters; {@code 422 TOO_MANY_DECIMALS} if it has more than 18 decimals
     */
    public static BigDecimal parse(String text, String field) {
        if (text == null || text.isEmpty()) {
            throw ApiProblem.of(ProblemCode.INVALID_VALUE, field + " is not a decimal number: it is empty");
        }
        if (text.length() > MAX_TEXT_LENGTH) {
            throw outOfRange(field, text);
        }
        int i = 0;
        int n = text.length();
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            i++;
        }
        int digits = 0;
        boolean point = false;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits++;
            } else if (c == '.' && !point) {
                point = true;
            } else {
                break;
            }
        }
        if (digits == 0) {
            throw notANumber(field, text);
        }
        if (i < n) {
            // an exponent: e or E, a sign, 1 to 4 digits (a larger one cannot fit the range and is not read at all)
            char e = text.charAt(i);
            if (e != 'e' && e != 'E') {
                throw notANumber(field, text);
            }
            i++;
            if (i < n && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
                i++;
            }
            int exponentDigits = 0;
            for (; i < n; i++) {
                char c = text.charAt(i);
                if (c < '0' || c > '9') {
                    throw notANumber(field, text);
                }
                exponentDigits++;
            }
            if (exponentDigits == 0) {
                throw notANumber(field, text);
            }
            if (exponentDigits > 4) {
                throw outOfRange(field, text);
            }
        }
        BigDecimal value = new BigDecimal(text);
        if (value.signum() == 0) {
            return value.scale() < 0 || value.scale() > MAX_DECIMALS ? BigDecimal.ZERO : value;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
            throw outOfRange(field, text);
        }
        if (stripped.scale() > MAX_DECIMALS) {
            throw ApiProblem.of(
                    ProblemCode.TOO_MANY_DECIMALS,
                    field + " has more than " + MAX_DECIMALS + " decimals: '" + Text.printable(abbreviate(text)) + "'");
        }
        return value.scale() < 0 ? value.setScale(0) : value;
    }

    /** A strictly positive quantity with no more than {@code scale} decimals, returned at that scale. */
    public static BigDecimal positive(BigDecimal value, int scale, String field) {
        if (value.signum() <= 0) {
            throw ApiProblem.of(
                    ProblemCode.NOT_POSITIVE,
                    field + " must be greater than zero, was " + abbreviate(value.toString()));
        }
        return atScale(value, scale, field);
    }

    /** {@code value} at exactly {@code scale} decimals; refuses to round and refuses absurd magnitudes. */
    public static BigDecimal atScale(BigDecimal value, int scale, String field) {
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS) {
            throw outOfRange(field, value.toString());
        }
        if (stripped.scale() > scale) {
            throw ApiProblem.of(
                    ProblemCode.TOO_MANY_DECIMALS,
                    field + " has more than " + scale + " decimals: " + abbreviate(value.toPlainString()));
        }
        return stripped.setScale(scale);
    }

    /** Without the trailing zeros of NUMERIC(38, 18): 1.5, not 1.500000000000000000. */
    public static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    /** Client text as a message may quote it: at most 40 characters. */
    public static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static ApiProblem notANumber(String field, String text) {
        return ApiProblem.of(
                ProblemCode.INVALID_VALUE,
                field + " is not a decimal number: '" + Text.printable(abbreviate(text)) + "'");
    }

    private static ApiProblem outOfRange(String field, String text) {
        return ApiProblem.of(
                ProblemCode.NUMBER_OUT_OF_RANGE,
                field + " must have at most " + MAX_INTEGER_DIGITS + " integer digits: '"
                        + Text.printable(abbreviate(text)) + "'");
    }
}
