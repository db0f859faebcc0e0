/**
 * The model-validation command: backtests the margin model (docs/margin-model.md §9) over a daily price history —
 * by default the public one shipped in this module's resources — and writes a Markdown report with charts. It adapts
 * only: every figure is computed by margin-core's {@code io.concordia.margin.backtest} package.
 */
package io.concordia.validation;
