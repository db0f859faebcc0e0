/**
 * Inputs of a settlement cycle and of the default waterfall: typed ids, products with their settlement
 * currency, position states, trades, funding rates, the fee schedule, and the waterfall's and Cover-2's inputs.
 *
 * <p><b>Sign convention.</b> Quantities are signed in units of the underlying: {@code +} long (bought),
 * {@code -} short (sold). Prices are in the product's settlement currency per unit and strictly positive. Cash
 * amounts are {@code +} received by the member, {@code -} paid by the member. Funding rates are {@code +} when
 * longs pay shorts. Fee rates, collateral, contributions and losses are non-negative magnitudes.
 *
 * <p>All types are immutable values validated on construction; invalid arguments raise
 * {@link java.lang.IllegalArgumentException} naming the argument and the value.
 */
package io.concordia.settlement.model;
