package io.concordia.margin.backtest;

import io.concordia.margin.model.Schedule;
import io.concordia.margin.scenario.FhsParameters;

/**
 * What a backtest margins with and when it starts.
 *
 * @param schedule the margin schedule; it must list every underlying of the portfolios, and its confidence is the
 *     {@code alpha} the statistics test against
 * @param fhs the scenario builder's parameters; its horizon {@code h} is also the horizon of the realized loss
 * @param warmUp closes the first day's scenario set is built from, {@code >= h + 2}: day {@code t} (0-based close
 *     index) is observed from {@code t = warmUp - 1}
 * @param stride rebuild the scenario set every {@code stride} days, {@code >= 1}; between rebuilds a day is margined
 *     with the last set built, which used only earlier closes (1 = every day, the model's own practice)
 */
public record BacktestSettings(Schedule schedule, FhsParameters fhs, int warmUp, int stride) {

    /**
     * Scenario days of the model's minimum history: the default warm-up is {@code 250 + h} closes, the minimum an
     * upload must have (docs/margin-model.md §3, input checks).
     */
    public static final int DEFAULT_WARM_UP_DAYS = 250;

    /** Validates. @throws IllegalArgumentException naming a missing or out-of-range setting */
    public BacktestSettings {
        if (schedule == null || fhs == null) {
            throw new IllegalArgumentException("a backtest needs a schedule and scenario parameters");
        }
        if (warmUp < fhs.horizon() + 2) {
            throw new IllegalArgumentException(
                    "warmUp must be >= h + 2 = " + (fhs.horizon() + 2) + " closes, got: " + warmUp);
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be >= 1 day, got: " + stride);
        }
    }

    /**
     * Settings that rebuild the set every day after the model's minimum history of {@code 250 + h} closes.
     *
     * @param schedule the schedule
     * @param fhs the scenario parameters
     * @return the settings
     */
    public static BacktestSettings daily(Schedule schedule, FhsParameters fhs) {
        return new BacktestSettings(schedule, fhs, DEFAULT_WARM_UP_DAYS + fhs.horizon(), 1);
    }

    /**
     * These settings with another stride.
     *
     * @param newStride days between rebuilds
     * @return the settings
     */
    public BacktestSettings withStride(int newStride) {
        return new BacktestSettings(schedule, fhs, warmUp, newStride);
    }

    /**
     * These settings with another warm-up.
     *
     * @param newWarmUp closes before the first day
     * @return the settings
     */
    public BacktestSettings withWarmUp(int newWarmUp) {
        return new BacktestSettings(schedule, fhs, newWarmUp, stride);
    }

    /** @return the confidence {@code alpha} of the schedule, as a double */
    public double alpha() {
        return schedule.confidence().doubleValue();
    }
}
