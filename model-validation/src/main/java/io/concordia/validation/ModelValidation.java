package io.concordia.validation;

import io.concordia.margin.backtest.Backtest;
import io.concordia.margin.backtest.BacktestObservation;
import io.concordia.margin.backtest.BacktestPortfolio;
import io.concordia.margin.backtest.BacktestResult;
import io.concordia.margin.backtest.BacktestSettings;
import io.concordia.margin.backtest.BacktestStatistics;
import io.concordia.margin.backtest.TrafficLight;
import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.replication.ReplicationCodec;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.PriceHistory;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The backtests the report shows: the reference portfolios under the default schedule and scenario parameters, how
 * long the daily rebuild takes against a stride, and what other parameter values would have given.
 */
final class ModelValidation {

    /** Total notional of the equally weighted long basket, set on the first observed day. */
    static final double BASKET_NOTIONAL = 10_000.0;

    /** The name of the basket in the report. */
    static final String BASKET = "basket long";

    /** The stride the cost measurement compares the daily rebuild with. */
    static final int COMPARED_STRIDE = 5;

    /** The tier an underlying the default schedule does not list is margined in: the most liquid one. */
    static final LiquidityTier UNLISTED_TIER = LiquidityTier.T1;

    private ModelValidation() {}

    /**
     * The default schedule, with every underlying of the history it does not list added to {@link #UNLISTED_TIER}.
     *
     * @param history the closes
     * @return the schedule
     */
    static Schedule scheduleFor(PriceHistory history) {
        Schedule schedule = ReplicationCodec.DEFAULT.defaultSchedule();
        for (UnderlyingId u : history.underlyings()) {
            if (!schedule.underlyings().containsKey(u)) {
                schedule = schedule.withUnderlying(u, UNLISTED_TIER);
            }
        }
        return schedule;
    }

    /**
     * The reference portfolios: one unit long and one unit short of each underlying, and a long basket with the
     * same notional in each, weighted at the closes of the first observed day.
     *
     * @param history the closes
     * @param settings the settings (their warm-up sets the first observed day)
     * @return the portfolios
     */
    static List<BacktestPortfolio> referencePortfolios(PriceHistory history, BacktestSettings settings) {
        List<BacktestPortfolio> out = new ArrayList<>(BacktestPortfolio.oneUnitEach(history.underlyings()));
        Map<UnderlyingId, Double> prices = new LinkedHashMap<>();
        for (UnderlyingId u : history.underlyings()) {
            prices.put(u, history.closesOf(u)[settings.warmUp() - 1]);
        }
        out.add(BacktestPortfolio.equalNotionalLong(BASKET, prices, BASKET_NOTIONAL));
        return out;
    }

    /**
     * Runs everything the report shows.
     *
     * @param history the closes
     * @return the results
     */
    static ValidationResults run(PriceHistory history) {
        BacktestSettings base = BacktestSettings.daily(scheduleFor(history), FhsParameters.DEFAULT);
        List<BacktestPortfolio> portfolios = referencePortfolios(history, base);

        long started = System.nanoTime();
        BacktestResult daily = Backtest.DEFAULT.run(history, portfolios, base);
        long dailyMillis = (System.nanoTime() - started) / 1_000_000;
        started = System.nanoTime();
        BacktestResult strided = Backtest.DEFAULT.run(history, portfolios, base.withStride(COMPARED_STRIDE));
        long stridedMillis = (System.nanoTime() - started) / 1_000_000;
        Cost cost = new Cost(
                daily.setsBuilt(),
                dailyMillis,
                COMPARED_STRIDE,
                strided.setsBuilt(),
                stridedMillis,
                coverageDifference(daily, strided));

        List<SensitivityRow> sensitivity = new ArrayList<>();
        sensitivity.add(
                sensitivityRow("default", "confidence 0.99, lambda 0.97, F 3650 (here the whole history)", daily));
        for (String confidence : List.of("0.975", "0.995")) {
            BacktestSettings s = new BacktestSettings(
                    base.schedule().withConfidence(new BigDecimal(confidence)), base.fhs(), base.warmUp(), 1);
            sensitivity.add(sensitivityRow("confidence", confidence, Backtest.DEFAULT.run(history, portfolios, s)));
        }
        FhsParameters fhs = base.fhs();
        for (String lambda : List.of("0.94", "0.99")) {
            FhsParameters p = new FhsParameters(
                    fhs.horizon(), new BigDecimal(lambda), fhs.phi(), fhs.floorLookback(), fhs.window());
            sensitivity.add(sensitivityRow(
                    "lambda",
                    lambda,
                    Backtest.DEFAULT.run(
                            history, portfolios, new BacktestSettings(base.schedule(), p, base.warmUp(), 1))));
        }
        for (int floorLookback : List.of(250, 1250)) {
            FhsParameters p = new FhsParameters(fhs.horizon(), fhs.lambda(), fhs.phi(), floorLookback, fhs.window());
            sensitivity.add(sensitivityRow(
                    "F",
                    Integer.toString(floorLookback),
                    Backtest.DEFAULT.run(
                            history, portfolios, new BacktestSettings(base.schedule(), p, base.warmUp(), 1))));
        }
        return new ValidationResults(history, portfolios, daily, cost, sensitivity);
    }

    /** How many VaR exceedances the strided run counts more (+) or fewer (-) than the daily one, all portfolios. */
    private static int coverageDifference(BacktestResult daily, BacktestResult strided) {
        int difference = 0;
        for (String name : daily.observations().keySet()) {
            difference += strided.statistics(name).varCoverage().exceedances()
                    - daily.statistics(name).varCoverage().exceedances();
        }
        return difference;
    }

    private static SensitivityRow sensitivityRow(String parameter, String value, BacktestResult result) {
        int im = 0;
        int var = 0;
        double expected = 0.0;
        double rateSum = 0.0;
        double histRateSum = 0.0;
        TrafficLight worst = TrafficLight.GREEN;
        int portfolios = 0;
        for (Map.Entry<String, List<BacktestObservation>> e :
                result.observations().entrySet()) {
            BacktestStatistics s = result.statistics(e.getKey());
            im += s.imCoverage().exceedances();
            var += s.varCoverage().exceedances();
            expected += s.varCoverage().expected();
            if (s.varCoverage().worstZone250().compareTo(worst) > 0) {
                worst = s.varCoverage().worstZone250();
            }
            rateSum += meanMarginRate(e.getValue());
            histRateSum += meanRate(e.getValue(), BacktestObservation::imHist);
            portfolios++;
        }
        return new SensitivityRow(
                parameter, value, im, var, expected, worst, rateSum / portfolios, histRateSum / portfolios);
    }

    /**
     * The mean of {@code IM / exposure} over the days: the margin as a fraction of the notional, comparable across
     * portfolios of different sizes.
     *
     * @param days the observations
     * @return the mean rate
     */
    static double meanMarginRate(List<BacktestObservation> days) {
        return meanRate(days, BacktestObservation::im);
    }

    private static double meanRate(List<BacktestObservation> days, ToDoubleFunction<BacktestObservation> requirement) {
        double sum = 0.0;
        for (BacktestObservation d : days) {
            sum += requirement.applyAsDouble(d) / d.exposure();
        }
        return sum / days.size();
    }

    /**
     * What rebuilding every day costs against a stride.
     *
     * @param dailySets sets built by the daily run
     * @param dailyMillis its wall time, ms
     * @param stride the compared stride, days
     * @param stridedSets sets built with the stride
     * @param stridedMillis its wall time, ms
     * @param varExceedanceDifference VaR exceedances of the strided run minus the daily run's, all portfolios
     */
    record Cost(
            int dailySets,
            long dailyMillis,
            int stride,
            int stridedSets,
            long stridedMillis,
            int varExceedanceDifference) {}

    /**
     * What one parameter value gave, summed over the reference portfolios.
     *
     * @param parameter the parameter changed ({@code default} for none)
     * @param value its value
     * @param imExceedances days a loss exceeded IM, all portfolios
     * @param varExceedances days a loss exceeded VaR, all portfolios
     * @param expected the VaR exceedances a correct model gives, all portfolios
     * @param worstVarZone the worst 250-day VaR zone of any portfolio
     * @param meanMarginRate mean over the portfolios of the mean {@code IM / exposure}
     * @param meanHistRate mean over the portfolios of the mean {@code IM_hist / exposure}
     */
    record SensitivityRow(
            String parameter,
            String value,
            int imExceedances,
            int varExceedances,
            double expected,
            TrafficLight worstVarZone,
            double meanMarginRate,
            double meanHistRate) {}

    /**
     * Everything the report shows.
     *
     * @param history the closes
     * @param portfolios the reference portfolios
     * @param backtest the backtest under the defaults, rebuilt daily
     * @param cost the cost measurement
     * @param sensitivity one row per parameter value
     */
    record ValidationResults(
            PriceHistory history,
            List<BacktestPortfolio> portfolios,
            BacktestResult backtest,
            Cost cost,
            List<SensitivityRow> sensitivity) {}
}
