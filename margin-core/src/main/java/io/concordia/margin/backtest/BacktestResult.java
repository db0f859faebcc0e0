package io.concordia.margin.backtest;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The daily observations of a backtest, per portfolio.
 *
 * @param settings what it ran with
 * @param observations per portfolio name, in the order given, the days oldest first
 * @param setsBuilt how many scenario sets were built
 */
public record BacktestResult(
        BacktestSettings settings, Map<String, List<BacktestObservation>> observations, int setsBuilt) {

    /** Copies. @throws IllegalArgumentException on a missing part */
    public BacktestResult {
        if (settings == null || observations == null) {
            throw new IllegalArgumentException("a backtest result needs its settings and observations");
        }
        Map<String, List<BacktestObservation>> copy = new LinkedHashMap<>();
        observations.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        observations = Collections.unmodifiableMap(copy);
    }

    /**
     * The statistics of one portfolio at the schedule's confidence.
     *
     * @param portfolio its name
     * @return the statistics
     * @throws IllegalArgumentException on an unknown name
     */
    public BacktestStatistics statistics(String portfolio) {
        List<BacktestObservation> days = observations.get(portfolio);
        if (days == null) {
            throw new IllegalArgumentException("no portfolio named " + portfolio + " in this backtest");
        }
        return BacktestStatistics.of(days, settings.alpha());
    }
}
