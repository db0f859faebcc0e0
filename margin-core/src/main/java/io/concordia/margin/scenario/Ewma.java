package io.concordia.margin.scenario;

/**
 * Steps 1 and 2 of docs/margin-model.md ("Building a scenario set"), shared by the builder and the bad-print check so
 * that both read the same variances.
 */
final class Ewma {

    /** Days in the mean of squared returns that seeds the EWMA: {@code v[1] = mean(y[1..min(30,T)]^2)}. */
    static final int SEED_DAYS = 30;

    private Ewma() {}

    /**
     * Fills daily log returns {@code y[t] = ln(P[t]/P[t-1])} and EWMA variances {@code v[1] = mean(y[1..min(30,T)]^2)},
     * {@code v[t] = lambda v[t-1] + (1-lambda) y[t]^2}, for t = 1..T; index 0 of both is left untouched.
     *
     * @param p closes {@code P[0..T]}, {@code T >= 1}, all {@code > 0}
     * @param lambda EWMA decay
     * @param y receives the returns, length {@code >= T + 1}
     * @param v receives the variances, length {@code >= T + 1}
     */
    static void fill(double[] p, double lambda, double[] y, double[] v) {
        int tMax = p.length - 1;
        for (int t = 1; t <= tMax; t++) {
            y[t] = Math.log(p[t] / p[t - 1]);
        }
        int seed = Math.min(SEED_DAYS, tMax);
        double sum = 0.0;
        for (int t = 1; t <= seed; t++) {
            sum += y[t] * y[t];
        }
        v[1] = sum / seed;
        for (int t = 2; t <= tMax; t++) {
            v[t] = lambda * v[t - 1] + (1.0 - lambda) * y[t] * y[t];
        }
    }
}
