/**
 * Stateless margin calculators of docs/margin-model.md and their results.
 *
 * <p>Calculators take model values and return result values; each has a {@code DEFAULT} instance and holds no
 * state. Risk loops run on {@code double[]} over the scenario set's rows and convert to money once, at the
 * boundary: requirements are rounded up to cents ({@link java.math.RoundingMode#CEILING}), collateral values and
 * equity down ({@link java.math.RoundingMode#FLOOR}). Losses are {@code L = -PnL}: positive is a loss to the
 * member. See the sign convention of {@link io.concordia.margin.model}.
 *
 * <p>Hot-path helpers ({@link io.concordia.margin.calc.PortfolioEvaluator},
 * {@link io.concordia.margin.calc.IncrementalPortfolio}, {@link io.concordia.margin.calc.MarginRun}) own
 * preallocated scratch arrays and are therefore not thread-safe: use one per thread.
 */
package io.concordia.margin.calc;
