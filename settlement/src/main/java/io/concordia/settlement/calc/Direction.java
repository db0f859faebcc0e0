package io.concordia.settlement.calc;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Direction of a settlement instruction, from the member's point of view. Each direction carries its rounding:
 * what the member owes the CCP rounds up in magnitude, what the CCP pays out rounds down.
 */
public enum Direction {
    /** The member pays the CCP; the exact amount owed is rounded {@link RoundingMode#UP} (away from zero). */
    PAY(RoundingMode.UP, -1),
    /** The CCP pays the member; the exact amount due is rounded {@link RoundingMode#DOWN} (towards zero). */
    RECEIVE(RoundingMode.DOWN, 1);

    private final RoundingMode rounding;
    private final int sign;

    Direction(RoundingMode rounding, int sign) {
        this.rounding = rounding;
        this.sign = sign;
    }

    /** @return the rounding applied to the magnitude of an amount in this direction */
    public RoundingMode rounding() {
        return rounding;
    }

    /**
     * The direction of a signed member amount.
     *
     * @param signedAmount cash {@code +} received by the member, {@code -} paid by the member; not 0
     * @return RECEIVE for a positive amount, PAY for a negative one
     * @throws IllegalArgumentException if the amount is 0
     */
    public static Direction of(BigDecimal signedAmount) {
        if (signedAmount.signum() == 0) {
            throw new IllegalArgumentException("signedAmount has no direction: 0");
        }
        return signedAmount.signum() > 0 ? RECEIVE : PAY;
    }

    /**
     * Rounds a signed member amount at a scale with this direction's rule: {@code PAY} rounds the magnitude up,
     * {@code RECEIVE} rounds it down. Both equal {@link RoundingMode#FLOOR} on the signed amount: the rounding is
     * always in the CCP's favour, by less than one unit of the last place.
     *
     * @param signedAmount exact amount, cash {@code +} received by the member
     * @param scale decimal places
     * @return the rounded signed amount (may be 0 for a small receipt)
     */
    public static BigDecimal roundSigned(BigDecimal signedAmount, int scale) {
        if (signedAmount.signum() == 0) {
            return BigDecimal.ZERO.setScale(scale);
        }
        Direction d = of(signedAmount);
        BigDecimal magnitude = signedAmount.abs().setScale(scale, d.rounding);
        return d.sign < 0 ? magnitude.negate() : magnitude;
    }

    /**
     * Applies this direction's sign to a magnitude.
     *
     * @param magnitude amount {@code >= 0}
     * @return {@code -magnitude} for PAY, {@code +magnitude} for RECEIVE
     */
    public BigDecimal signed(BigDecimal magnitude) {
        return sign < 0 ? magnitude.negate() : magnitude;
    }
}
