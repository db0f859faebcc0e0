package io.concordia.margin.backtest;

import io.concordia.margin.option.NormalDistribution;

/** The chi-square distribution with one degree of freedom, the null distribution of the likelihood-ratio tests here. */
public final class ChiSquare {

    private ChiSquare() {}

    /**
     * The p-value of a chi-square(1) statistic. A chi-square(1) variable is {@code Z^2} for a standard normal
     * {@code Z}, so {@code P(X > x) = P(|Z| > sqrt(x)) = erfc(sqrt(x / 2))}.
     *
     * @param x the statistic; {@code <= 0} gives 1
     * @return {@code P(X > x)}, in [0, 1]
     * @throws IllegalArgumentException if {@code x} is NaN
     */
    public static double oneDofSurvival(double x) {
        if (Double.isNaN(x)) {
            throw new IllegalArgumentException("chi-square statistic must be a number, got: NaN");
        }
        if (x <= 0.0) {
            return 1.0;
        }
        return NormalDistribution.erfc(Math.sqrt(0.5 * x));
    }
}
