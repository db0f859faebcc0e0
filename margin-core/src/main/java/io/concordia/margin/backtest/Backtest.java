package io.concordia.margin.backtest;

import io.concordia.margin.calc.MarginContext;
import io.concordia.margin.calc.PortfolioEvaluator;
import io.concordia.margin.calc.RiskFigures;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.scenario.PriceHistory;
import io.concordia.margin.scenario.ScenarioBuilder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the margin model over a price history as it would have run day by day (docs/margin-model.md §9): for each day
 * {@code t} from the warm-up to {@code T - h}, the scenario set is built by {@link ScenarioBuilder#V1_1} from the
 * closes {@code P[0..t]} only, never a later one; each portfolio is margined at the marks {@code P[t]} by the
 * calculators of {@code calc} under the schedule and the default stress set; and its clean loss is
 * {@code L[t] = -sum_u q_u (P[u][t+h] - P[u][t])}.
 *
 * <p><b>Cost.</b> A set over {@code t} closes costs {@code O(U t)} to build, so rebuilding every day costs
 * {@code O(U T^2)} in all; margining a portfolio is {@code O(N)} on a set of {@code N ~ t} scenarios, also
 * {@code O(T^2)} in all. Measured on four underlyings and 1,860 closes (the shipped EuStockMarkets history, 1,607
 * days observed, nine portfolios), the daily run takes about a second, and a 5-day stride about 0.15 s while moving
 * the VaR exceedance count; so the default is to rebuild every day, exactly as the model would have:
 * no approximation. {@link BacktestSettings#stride} trades exactness for speed on longer histories. A cheaper exact
 * path (updating the EWMA in place) would have to re-implement the builder's arithmetic outside it; one builder is
 * the model's single definition of a scenario set, so the backtest calls it.
 */
public final class Backtest {

    /** The shared instance. */
    public static final Backtest DEFAULT = new Backtest();

    private Backtest() {}

    /**
     * Backtests portfolios over a history.
     *
     * @param history daily closes of every underlying the portfolios hold
     * @param portfolios the portfolios, distinct names
     * @param settings schedule, scenario parameters, warm-up and stride
     * @return per portfolio, one observation per day {@code t = warmUp - 1 .. T - h}
     * @throws IllegalArgumentException on a history too short for one observation, an underlying the history or the
     *     schedule lacks, or a duplicate portfolio name
     */
    public BacktestResult run(PriceHistory history, List<BacktestPortfolio> portfolios, BacktestSettings settings) {
        int h = settings.fhs().horizon();
        List<LocalDate> dates = history.dates();
        int first = settings.warmUp() - 1;
        int last = dates.size() - 1 - h;
        if (last < first) {
            throw new IllegalArgumentException(
                    "history of " + dates.size() + " closes is too short for a backtest with " + settings.warmUp()
                            + " closes of warm-up and h = " + h);
        }
        List<UnderlyingId> underlyings = history.underlyings();
        double[][] closes = new double[underlyings.size()][];
        for (int i = 0; i < closes.length; i++) {
            closes[i] = history.closesOf(underlyings.get(i));
        }
        Map<String, List<BacktestObservation>> out = new LinkedHashMap<>();
        int[][] columnOf = new int[portfolios.size()][];
        double[][] quantityOf = new double[portfolios.size()][];
        for (int p = 0; p < portfolios.size(); p++) {
            BacktestPortfolio portfolio = portfolios.get(p);
            if (out.put(portfolio.name(), new ArrayList<>()) != null) {
                throw new IllegalArgumentException("duplicate portfolio name: " + portfolio.name());
            }
            columnOf[p] = new int[portfolio.quantities().size()];
            quantityOf[p] = new double[columnOf[p].length];
            int j = 0;
            for (Map.Entry<UnderlyingId, Double> e : portfolio.quantities().entrySet()) {
                int column = underlyings.indexOf(e.getKey());
                if (column < 0) {
                    throw new IllegalArgumentException(
                            "portfolio " + portfolio.name() + " holds " + e.getKey() + ", which the history lacks");
                }
                columnOf[p][j] = column;
                quantityOf[p][j++] = e.getValue();
            }
        }
        RiskFigures figures = new RiskFigures();
        PortfolioEvaluator evaluator = null;
        int[][] rowsOf = new int[portfolios.size()][];
        int setsBuilt = 0;
        for (int t = first; t <= last; t++) {
            if ((t - first) % settings.stride() == 0) {
                ScenarioSet set = ScenarioBuilder.V1_1.build(
                        "backtest-" + dates.get(t), prefix(history, closes, t), settings.fhs());
                evaluator = new PortfolioEvaluator(MarginContext.of(settings.schedule(), set, null));
                setsBuilt++;
                for (int p = 0; p < portfolios.size(); p++) {
                    rowsOf[p] = new int[columnOf[p].length];
                    for (int j = 0; j < columnOf[p].length; j++) {
                        rowsOf[p][j] = evaluator.context().rowOf(underlyings.get(columnOf[p][j]));
                    }
                }
            }
            for (int p = 0; p < portfolios.size(); p++) {
                int count = columnOf[p].length;
                double[] notionals = new double[count];
                double exposure = 0.0;
                double loss = 0.0;
                for (int j = 0; j < count; j++) {
                    double[] price = closes[columnOf[p][j]];
                    notionals[j] = quantityOf[p][j] * price[t];
                    exposure += Math.abs(notionals[j]);
                    loss -= quantityOf[p][j] * (price[t + h] - price[t]);
                }
                evaluator.evaluate(rowsOf[p], notionals, 0, count, figures);
                out.get(portfolios.get(p).name())
                        .add(new BacktestObservation(
                                dates.get(t), figures.requirement(), figures.var(), figures.es(), exposure, loss));
            }
        }
        return new BacktestResult(settings, out, setsBuilt);
    }

    /** The history as known at the close of day {@code t}: closes {@code P[0..t]}. */
    private static PriceHistory prefix(PriceHistory history, double[][] closes, int t) {
        Map<UnderlyingId, double[]> known = new LinkedHashMap<>();
        for (int i = 0; i < closes.length; i++) {
            known.put(history.underlyings().get(i), Arrays.copyOf(closes[i], t + 1));
        }
        return PriceHistory.of(history.dates().subList(0, t + 1), known, history.calendar());
    }
}
