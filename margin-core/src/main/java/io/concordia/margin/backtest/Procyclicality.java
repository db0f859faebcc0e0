package io.concordia.margin.backtest;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * How much the requirement swings (EMIR RTS 153/2013 art. 28 and ESMA's anti-procyclicality guidelines), measured on
 * the margin rate {@code IM / exposure} rather than on IM itself: a fixed number of units margins more when the price
 * rises, which is no procyclicality of the model.
 *
 * @param peakToTrough {@code max_t rate[t] / min_t rate[t]} over the days with a positive rate; 1 = flat; NaN when
 *     no day has one
 * @param largestDailyRise {@code max_t (rate[t] / rate[t-1] - 1)} over consecutive days with a positive rate
 *     ({@code 0.25} = +25% in one day); 0 when the rate never rises
 */
public record Procyclicality(double peakToTrough, double largestDailyRise) {

    /**
     * Measures the initial margin of a series of daily observations.
     *
     * @param days oldest first
     * @return the measures of {@code IM / exposure}
     */
    public static Procyclicality of(List<BacktestObservation> days) {
        return of(days, BacktestObservation::im);
    }

    /**
     * Measures one requirement figure of a series of daily observations.
     *
     * @param days oldest first
     * @param requirement the figure, e.g. {@link BacktestObservation#im} or {@link BacktestObservation#imHist}
     * @return the measures of {@code requirement / exposure}
     */
    public static Procyclicality of(List<BacktestObservation> days, ToDoubleFunction<BacktestObservation> requirement) {
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        double rise = 0.0;
        double previous = Double.NaN;
        for (BacktestObservation d : days) {
            double rate = d.exposure() > 0.0 ? requirement.applyAsDouble(d) / d.exposure() : Double.NaN;
            if (rate > 0.0) {
                max = Math.max(max, rate);
                min = Math.min(min, rate);
                if (previous > 0.0) {
                    rise = Math.max(rise, rate / previous - 1.0);
                }
            }
            previous = rate;
        }
        return new Procyclicality(max > 0.0 ? max / min : Double.NaN, rise);
    }
}
