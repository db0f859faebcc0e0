package io.concordia.margin.backtest;

/** The binomial distribution, exact in log space: the count of exceedances when each day exceeds with probability p. */
public final class Binomial {

    /** Above this many trials the exact sum (O(n) per call) is refused: a backtest has a few thousand days at most. */
    public static final int MAX_TRIALS = 1_000_000;

    private Binomial() {}

    /**
     * {@code P(X <= k)} for {@code X ~ Binomial(n, p)}: {@code sum_{i=0..k} C(n,i) p^i (1-p)^(n-i)}, each term
     * computed as {@code exp(ln C(n,i) + i ln p + (n-i) ln(1-p))} so that no factorial overflows.
     *
     * @param k exceedances; below 0 gives 0, {@code >= n} gives 1
     * @param n trials, {@code 0..MAX_TRIALS}
     * @param p probability of one exceedance, in [0, 1]
     * @return the cumulative probability, in [0, 1]
     * @throws IllegalArgumentException on {@code n} or {@code p} out of range
     */
    public static double cdf(int k, int n, double p) {
        if (n < 0 || n > MAX_TRIALS) {
            throw new IllegalArgumentException("trials must be in 0.." + MAX_TRIALS + ", got: " + n);
        }
        if (!(p >= 0.0 && p <= 1.0)) {
            throw new IllegalArgumentException("probability must be in [0, 1], got: " + p);
        }
        if (k < 0) {
            return 0.0;
        }
        if (k >= n) {
            return 1.0;
        }
        if (p == 0.0) {
            return 1.0;
        }
        if (p == 1.0) {
            return 0.0;
        }
        double logP = Math.log(p);
        double logQ = Math.log1p(-p);
        // ln C(n, i) built up term by term: ln C(n, i) = ln C(n, i-1) + ln((n - i + 1) / i).
        double logChoose = 0.0;
        double sum = 0.0;
        for (int i = 0; i <= k; i++) {
            if (i > 0) {
                logChoose += Math.log((double) (n - i + 1) / i);
            }
            sum += Math.exp(logChoose + i * logP + (n - i) * logQ);
        }
        return Math.min(1.0, sum);
    }
}
