package io.concordia.margin.calc;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The double nearest a decimal, ties to even: exactly {@link BigDecimal#doubleValue()}, without its detour on Java 17
 * through the decimal's text and back. A position's notional, quantity × mark, has an unscaled value too wide for a
 * long; converting it so was half of margin-core's time for a five-position account on the service's path.
 */
final class ExactDouble {

    /** Powers of ten a double holds exactly. */
    private static final double[] POWERS_OF_TEN = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
        1e20, 1e21, 1e22
    };

    /** Quotient bits kept before the rounding: the result's 53, a rounding bit, and one below it for the sticky bit. */
    private static final int QUOTIENT_BITS = 55;

    private ExactDouble() {}

    /**
     * @param x a decimal
     * @return {@code x.doubleValue()}
     */
    static double of(BigDecimal x) {
        int scale = x.scale();
        BigInteger unscaled = x.unscaledValue();
        int bits = unscaled.bitLength();
        if (bits <= 53 && scale >= -22 && scale <= 22) {
            // both operands exact as doubles: one IEEE operation rounds the exact result once, ties to even
            double u = unscaled.longValue();
            return scale >= 0 ? u / POWERS_OF_TEN[scale] : u * POWERS_OF_TEN[-scale];
        }
        if (unscaled.signum() == 0) {
            return 0.0;
        }
        if (scale <= 0) {
            // an integer: BigInteger's own conversion rounds once, ties to even, without text
            return unscaled.multiply(BigInteger.TEN.pow(-scale)).doubleValue();
        }
        BigInteger denominator = BigInteger.TEN.pow(scale);
        // |x| 2^shift / 10^scale has QUOTIENT_BITS or one more bits: a long, with room below the rounding bit
        int shift = QUOTIENT_BITS - (bits - denominator.bitLength());
        BigInteger numerator = unscaled.abs();
        if (shift > 0) {
            numerator = numerator.shiftLeft(shift);
        } else {
            denominator = denominator.shiftLeft(-shift);
        }
        BigInteger[] quotient = numerator.divideAndRemainder(denominator);
        long q = quotient[0].longValueExact();
        if (quotient[1].signum() != 0) {
            q |= 1; // sticky: the remainder sits below the rounding bit, and the long-to-double conversion sees it
        }
        double magnitude = Math.scalb((double) q, -shift);
        if (!(magnitude >= Double.MIN_NORMAL) || Double.isInfinite(magnitude)) {
            return x.doubleValue(); // a subnormal or overflowing result would be rounded twice
        }
        return unscaled.signum() < 0 ? -magnitude : magnitude;
    }
}
