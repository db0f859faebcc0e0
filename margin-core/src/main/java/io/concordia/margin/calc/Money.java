package io.concordia.margin.calc;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Rounding of USD amounts at the model's boundary (docs/margin-model.md §1): requirements are rounded
 * up to cents, collateral values and equity down. A double is read as the shortest decimal that identifies it
 * ({@link BigDecimal#valueOf(double)}), so 24000.0 is exactly 24000.00.
 */
public final class Money {

    /** Cents: scale 2. */
    public static final int SCALE = 2;

    private Money() {}

    /**
     * {@code ceil_cents(x)}: a requirement rounded up to the cent, {@link RoundingMode#CEILING}.
     *
     * @param x a finite amount, USD
     * @return the amount at scale 2, rounded up
     * @throws IllegalArgumentException if {@code x} is NaN or infinite
     */
    public static BigDecimal ceilCents(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("amount must be finite, got: " + x);
        }
        return BigDecimal.valueOf(x).setScale(SCALE, RoundingMode.CEILING);
    }

    /**
     * {@code ceil_cents(x)} as a count of cents, equal to {@code ceilCents(x).unscaledValue()}; allocation-free
     * unless {@code 100 x} lies within rounding noise of a whole cent, where it defers to {@link #ceilCents(double)}.
     *
     * @param x a finite amount, USD, {@code |x| < 9e13}
     * @return cents, rounded up
     */
    public static long ceilCentsLong(double x) {
        double y = x * 100.0;
        double c = Math.ceil(y);
        double gap = c - y;
        double eps = Math.max(1.0, Math.abs(y)) * 1e-12;
        if (gap > eps && gap < 1.0 - eps && Math.abs(y) < 9e15) {
            return (long) c;
        }
        return ceilCents(x).unscaledValue().longValueExact();
    }

    /**
     * A figure to the cent, {@link RoundingMode#HALF_EVEN}: equal to {@code BigDecimal.valueOf(x).setScale(2,
     * HALF_EVEN)}, but it builds that decimal only when {@code 100 x} lies within rounding noise of a half cent. (On
     * Java 17 the decimal of a double goes through its text; six figures an account made that 6.6 % of the service's
     * JVM samples in a full margin run.)
     *
     * @param x a finite amount, USD
     * @return the amount at scale 2, rounded half-even
     * @throws IllegalArgumentException if {@code x} is NaN or infinite
     */
    public static BigDecimal halfEvenCents(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("amount must be finite, got: " + x);
        }
        double y = x * 100.0;
        double whole = Math.floor(y);
        double fromHalf = y - whole - 0.5;
        // 100 x as a double is within |y| 2^-52 of the shortest decimal of x times 100: far inside this margin
        double eps = Math.max(1.0, Math.abs(y)) * 1e-12;
        if (Math.abs(fromHalf) > eps && Math.abs(y) < 9e15) {
            return BigDecimal.valueOf((long) (fromHalf < 0 ? whole : whole + 1), SCALE);
        }
        return BigDecimal.valueOf(x).setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    /**
     * {@code ceil_cents(x)} of an exact decimal, {@link RoundingMode#CEILING}.
     *
     * @param x the amount, USD
     * @return the amount at scale 2, rounded up
     */
    public static BigDecimal ceilCents(BigDecimal x) {
        return x.setScale(SCALE, RoundingMode.CEILING);
    }

    /**
     * {@code floor_cents(x)}: a value rounded down to the cent, {@link RoundingMode#FLOOR}.
     *
     * @param x the amount, USD
     * @return the amount at scale 2, rounded down
     */
    public static BigDecimal floorCents(BigDecimal x) {
        return x.setScale(SCALE, RoundingMode.FLOOR);
    }

    /**
     * Cents as a decimal amount.
     *
     * @param cents a count of cents
     * @return the amount at scale 2
     */
    public static BigDecimal ofCents(long cents) {
        return BigDecimal.valueOf(cents, SCALE);
    }
}
