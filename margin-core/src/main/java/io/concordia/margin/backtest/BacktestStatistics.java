package io.concordia.margin.backtest;

import java.util.List;

/**
 * The statistics of one portfolio's backtest (docs/margin-model.md §9).
 *
 * <p><b>ES coverage</b> is the severity ratio {@code mean_{t: L[t] > VaR[t]} L[t] / ES[t]}: on the days the loss
 * went beyond VaR, the mean of the loss as a multiple of the ES predicted for that day. ES is by definition the
 * expected loss beyond VaR, so a correct ES gives about 1; above 1, ES understated the tail. It is chosen over the
 * Acerbi-Szekely {@code Z2} because it reads directly as "the tail was x times what ES said", separately from how
 * often VaR was exceeded, which {@link #varCoverage} already tests. Days whose ES is not positive are left out.
 *
 * @param alpha the model's confidence, from the schedule (docs/margin-model.md §4 step 2)
 * @param imCoverage exceedances of the initial margin ({@code L > IM}) and their tests
 * @param varCoverage exceedances of the historical VaR ({@code L > VaR}) and their tests
 * @param esRatio the ES severity ratio, NaN when no day exceeded VaR with a positive ES
 * @param esRatioDays the days it averages
 * @param meanIm mean IM over the days
 * @param procyclicality swings of the margin rate {@code IM / exposure}
 * @param histProcyclicality swings of the scenario model's own rate {@code IM_hist / exposure}, which the stress and
 *     size-floor terms of IM may hide
 */
public record BacktestStatistics(
        double alpha,
        CoverageTest imCoverage,
        CoverageTest varCoverage,
        double esRatio,
        int esRatioDays,
        double meanIm,
        Procyclicality procyclicality,
        Procyclicality histProcyclicality) {

    /**
     * Computes every statistic.
     *
     * @param days the observations, oldest first, at least one
     * @param alpha the model's confidence, in (0, 1)
     * @return the statistics
     * @throws IllegalArgumentException on no observation or a confidence out of range
     */
    public static BacktestStatistics of(List<BacktestObservation> days, double alpha) {
        if (days == null || days.isEmpty()) {
            throw new IllegalArgumentException("need at least one observation, got none");
        }
        int n = days.size();
        boolean[] beyondIm = new boolean[n];
        boolean[] beyondVar = new boolean[n];
        double ratioSum = 0.0;
        int ratioDays = 0;
        double imSum = 0.0;
        for (int t = 0; t < n; t++) {
            BacktestObservation d = days.get(t);
            beyondIm[t] = d.exceedsIm();
            beyondVar[t] = d.exceedsVar();
            if (beyondVar[t] && d.es() > 0.0) {
                ratioSum += d.loss() / d.es();
                ratioDays++;
            }
            imSum += d.im();
        }
        return new BacktestStatistics(
                alpha,
                CoverageTest.of(beyondIm, alpha),
                CoverageTest.of(beyondVar, alpha),
                ratioDays == 0 ? Double.NaN : ratioSum / ratioDays,
                ratioDays,
                imSum / n,
                Procyclicality.of(days),
                Procyclicality.of(days, BacktestObservation::imHist));
    }
}
