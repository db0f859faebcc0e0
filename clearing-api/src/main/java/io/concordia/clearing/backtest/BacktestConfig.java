package io.concordia.clearing.backtest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Daily backtesting. */
@ConfigMapping(prefix = "concordia.backtest")
public interface BacktestConfig {

    /**
     * When the daily snapshot is taken, a Quartz-style cron expression in UTC (seconds first), labelled with that day;
     * {@code off} leaves it to operators. Default: 23:55 UTC, the day's close.
     */
    @WithDefault("0 55 23 * * ?")
    String cron();
}
