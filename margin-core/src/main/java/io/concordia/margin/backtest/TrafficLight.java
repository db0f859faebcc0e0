package io.concordia.margin.backtest;

/**
 * The Basel traffic-light zones of a backtest (Basel Committee, "Supervisory framework for the use of backtesting in
 * conjunction with the internal models approach", 1996). With {@code X ~ Binomial(n, 1 - alpha)} the exceedance
 * count of a correct model, {@code x} exceedances are green while {@code P(X <= x) < 95%}, yellow while
 * {@code P(X <= x) < 99.99%}, red beyond. At {@code n = 250}, {@code alpha = 0.99} this is the Basel table: green
 * 0-4, yellow 5-9, red 10 or more; the same cumulative-probability thresholds give the zones of any other sample size
 * or confidence, except that no exceedance is always green (at 99%, {@code P(X <= 0)} is above 95% for fewer than
 * five days).
 */
public enum TrafficLight {

    /** Consistent with a correct model. */
    GREEN,
    /** Possible, but a correct model would rarely produce this many. */
    YELLOW,
    /** Almost certainly an inaccurate model. */
    RED;

    /** The cumulative probability at which the yellow zone begins. */
    public static final double YELLOW_FROM = 0.95;

    /** The cumulative probability at which the red zone begins. */
    public static final double RED_FROM = 0.9999;

    /** The window of the Basel test, days. */
    public static final int BASEL_WINDOW = 250;

    /**
     * The zone of an exceedance count.
     *
     * @param exceedances observed exceedances, {@code 0..observations}
     * @param observations days observed, {@code >= 1}
     * @param alpha the model's confidence, in (0, 1); a day exceeds with probability {@code 1 - alpha}
     * @return the zone
     * @throws IllegalArgumentException on counts or a confidence out of range
     */
    public static TrafficLight of(int exceedances, int observations, double alpha) {
        if (observations < 1 || exceedances < 0 || exceedances > observations) {
            throw new IllegalArgumentException("need 0 <= exceedances <= observations and observations >= 1, got "
                    + exceedances + " of " + observations);
        }
        if (!(alpha > 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("confidence must be strictly between 0 and 1, got: " + alpha);
        }
        if (exceedances == 0) {
            // P(X <= 0) = alpha^n is above 95% for fewer than five days at 99%: read literally, a short clean record
            // would be yellow, while no exceedance can ever indict a model
            return GREEN;
        }
        double cumulative = Binomial.cdf(exceedances, observations, 1.0 - alpha);
        if (cumulative < YELLOW_FROM) {
            return GREEN;
        }
        return cumulative < RED_FROM ? YELLOW : RED;
    }
}
