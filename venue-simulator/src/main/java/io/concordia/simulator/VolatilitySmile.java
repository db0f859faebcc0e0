package io.concordia.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The implied volatility the simulated venues quote, a quadratic smile in log-moneyness {@code x = ln(K/F)}:
 * {@code iv = atm + skew * x + curvature * x^2}, rounded {@link RoundingMode#HALF_EVEN} to {@value #IV_SCALE}
 * decimals and never below {@link #MIN_IV}. A negative skew makes puts (low strikes) dearer than calls, as in the
 * crypto option markets.
 *
 * @param atm       the at-the-money volatility, annualised, &gt; 0 (0.60 = 60 %)
 * @param skew      the slope in {@code x}
 * @param curvature the convexity in {@code x}, &ge; 0 (a smile, not a frown)
 */
public record VolatilitySmile(double atm, double skew, double curvature) {

    /** Decimals of a quoted implied volatility. */
    public static final int IV_SCALE = 4;

    /** The lowest volatility quoted, so that a steep skew never produces a zero or negative one. */
    public static final BigDecimal MIN_IV = new BigDecimal("0.0500");

    /** 60 % at the money, skew -0.10, curvature 0.50: about 65 % at a strike of 80 % of the forward
     * and 60 % at 120 %. */
    public static final VolatilitySmile DEFAULT = new VolatilitySmile(0.60, -0.10, 0.50);

    public VolatilitySmile {
        if (!(atm > 0)
                || !Double.isFinite(atm)
                || !Double.isFinite(skew)
                || !(curvature >= 0)
                || !Double.isFinite(curvature)) {
            throw new IllegalArgumentException("smile must have atm > 0, a finite skew and curvature >= 0: atm " + atm
                    + ", skew " + skew + ", curvature " + curvature);
        }
    }

    /** Parses {@code atm,skew,curvature}, e.g. {@code 0.60,-0.10,0.50}. */
    public static VolatilitySmile parse(String text) {
        String[] parts = text.strip().split(",", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("smile must be atm,skew,curvature, e.g. 0.60,-0.10,0.50: " + text);
        }
        try {
            return new VolatilitySmile(
                    Double.parseDouble(parts[0].strip()),
                    Double.parseDouble(parts[1].strip()),
                    Double.parseDouble(parts[2].strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("smile must be three numbers atm,skew,curvature: " + text);
        }
    }

    /** The quoted implied volatility of strike {@code strike} when the underlying is at {@code forward}. */
    public BigDecimal iv(BigDecimal strike, BigDecimal forward) {
        double x = Math.log(strike.doubleValue() / forward.doubleValue());
        double iv = atm + skew * x + curvature * x * x;
        return BigDecimal.valueOf(iv).setScale(IV_SCALE, RoundingMode.HALF_EVEN).max(MIN_IV);
    }

    /** {@code atm,skew,curvature}, the {@link #parse(String)} format. */
    public String toText() {
        return atm + "," + skew + "," + curvature;
    }
}
