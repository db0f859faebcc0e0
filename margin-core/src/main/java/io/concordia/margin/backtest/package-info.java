/**
 * Backtesting of the margin model (docs/margin-model.md §9, EMIR RTS 153/2013 art. 49): the initial margin held at
 * the close of day {@code t} against the clean loss over the margin period of risk, positions fixed at {@code t},
 * marks at {@code t} and {@code t + h}.
 *
 * <p>Signs: a loss is {@code +}; IM, VaR and ES are amounts a portfolio may lose, {@code +}; all in USD (or the
 * history's currency), double precision, unrounded. {@link io.concordia.margin.backtest.Backtest} produces the daily
 * {@link io.concordia.margin.backtest.BacktestObservation}s from a price history with no look-ahead;
 * {@link io.concordia.margin.backtest.BacktestStatistics} summarises them (Kupiec, Christoffersen, Basel traffic
 * light, ES coverage, procyclicality).
 */
package io.concordia.margin.backtest;
