package io.concordia.margin.backtest;

/**
 * The unconditional and conditional coverage of one exceedance series: how many days a loss exceeded a predicted
 * amount, how many a correct model would give, and the two classical likelihood-ratio tests.
 *
 * <p><b>Kupiec proportion of failures.</b> With {@code n} days, {@code x} exceedances and expected rate
 * {@code p = 1 - alpha}: {@code LR_pof = -2 [(n-x) ln(1-p) + x ln p] + 2 [(n-x) ln(1-x/n) + x ln(x/n)]},
 * chi-square(1) under the null that the rate is {@code p}.
 *
 * <p><b>Christoffersen independence.</b> With {@code n_ij} the days in state {@code j} after a day in state {@code i}
 * (1 = exceedance), {@code pi01 = n01/(n00+n01)}, {@code pi11 = n11/(n10+n11)}, {@code pi = (n01+n11)/(n00+n01+n10+n11)}:
 * {@code LR_ind = -2 [(n00+n10) ln(1-pi) + (n01+n11) ln pi] + 2 [n00 ln(1-pi01) + n01 ln pi01 + n10 ln(1-pi11) + n11 ln pi11]},
 * chi-square(1) under the null that an exceedance does not make the next one likelier. In both, {@code 0 ln 0 = 0}
 * (a zero count contributes nothing), so no exceedance at all, or nothing but exceedances, gives finite statistics.
 * With a margin period of risk {@code h > 1}, consecutive losses overlap by {@code h - 1} days, so exceedances cluster
 * even under a correct model: read a low Christoffersen p-value with that in mind.
 *
 * @param observations days {@code n}
 * @param exceedances days {@code x} whose loss exceeded the prediction
 * @param expected {@code n (1 - alpha)}
 * @param kupiecLr {@code LR_pof}
 * @param kupiecP its p-value, chi-square(1)
 * @param christoffersenLr {@code LR_ind}
 * @param christoffersenP its p-value, chi-square(1)
 * @param zoneLast250 traffic light of the last 250 days (of all days when fewer)
 * @param worstZone250 worst traffic light over every window of 250 consecutive days (of all days when fewer)
 */
public record CoverageTest(
        int observations,
        int exceedances,
        double expected,
        double kupiecLr,
        double kupiecP,
        double christoffersenLr,
        double christoffersenP,
        TrafficLight zoneLast250,
        TrafficLight worstZone250) {

    /**
     * Tests an exceedance series.
     *
     * @param exceeded per day, oldest first, whether the loss exceeded the prediction; at least one day
     * @param alpha the model's confidence, in (0, 1)
     * @return the tests
     * @throws IllegalArgumentException on an empty series or a confidence out of range
     */
    public static CoverageTest of(boolean[] exceeded, double alpha) {
        if (exceeded == null || exceeded.length == 0) {
            throw new IllegalArgumentException("need at least one observation, got none");
        }
        if (!(alpha > 0.0 && alpha < 1.0)) {
            throw new IllegalArgumentException("confidence must be strictly between 0 and 1, got: " + alpha);
        }
        int n = exceeded.length;
        int x = 0;
        for (boolean e : exceeded) {
            x += e ? 1 : 0;
        }
        double p = 1.0 - alpha;
        double kupiec = kupiecLr(n, x, p);
        double christoffersen = christoffersenLr(exceeded);
        int window = Math.min(TrafficLight.BASEL_WINDOW, n);
        int inWindow = 0;
        for (int t = 0; t < window; t++) {
            inWindow += exceeded[t] ? 1 : 0;
        }
        int worst = inWindow;
        for (int t = window; t < n; t++) {
            inWindow += (exceeded[t] ? 1 : 0) - (exceeded[t - window] ? 1 : 0);
            worst = Math.max(worst, inWindow);
        }
        return new CoverageTest(
                n,
                x,
                n * p,
                kupiec,
                ChiSquare.oneDofSurvival(kupiec),
                christoffersen,
                ChiSquare.oneDofSurvival(christoffersen),
                TrafficLight.of(inWindow, window, alpha),
                TrafficLight.of(worst, window, alpha));
    }

    /**
     * Kupiec's proportion-of-failures statistic.
     *
     * @param n days
     * @param x exceedances
     * @param p expected rate {@code 1 - alpha}
     * @return {@code LR_pof >= 0}
     */
    static double kupiecLr(int n, int x, double p) {
        double underNull = xLogY(n - x, 1.0 - p) + xLogY(x, p);
        double observed = (double) x / n;
        double underObserved = xLogY(n - x, 1.0 - observed) + xLogY(x, observed);
        return Math.max(0.0, 2.0 * (underObserved - underNull));
    }

    /**
     * Christoffersen's independence statistic over the day-to-day transitions.
     *
     * @param exceeded the series
     * @return {@code LR_ind >= 0}; 0 for fewer than two days
     */
    static double christoffersenLr(boolean[] exceeded) {
        long n00 = 0;
        long n01 = 0;
        long n10 = 0;
        long n11 = 0;
        for (int t = 1; t < exceeded.length; t++) {
            if (exceeded[t - 1]) {
                if (exceeded[t]) {
                    n11++;
                } else {
                    n10++;
                }
            } else if (exceeded[t]) {
                n01++;
            } else {
                n00++;
            }
        }
        long transitions = n00 + n01 + n10 + n11;
        if (transitions == 0) {
            return 0.0;
        }
        double pi = (double) (n01 + n11) / transitions;
        double pi01 = n00 + n01 == 0 ? 0.0 : (double) n01 / (n00 + n01);
        double pi11 = n10 + n11 == 0 ? 0.0 : (double) n11 / (n10 + n11);
        double underNull = xLogY(n00 + n10, 1.0 - pi) + xLogY(n01 + n11, pi);
        double underMarkov = xLogY(n00, 1.0 - pi01) + xLogY(n01, pi01) + xLogY(n10, 1.0 - pi11) + xLogY(n11, pi11);
        return Math.max(0.0, 2.0 * (underMarkov - underNull));
    }

    /** {@code count * ln(probability)}, with {@code 0 ln 0 = 0}: a term with no observations contributes nothing. */
    private static double xLogY(long count, double probability) {
        return count == 0 ? 0.0 : count * Math.log(probability);
    }
}
