/**
 * Inputs of the harmonized margin model (docs/margin-model.md): typed ids, products, positions, collateral,
 * the versioned schedule, scenario sets and stress sets.
 *
 * <p><b>Sign convention.</b> Quantities are signed in units of the underlying: {@code +} long,
 * {@code -} short. Returns are arithmetic, {@code +} means the price rises. Prices and marks are USD per
 * unit and strictly positive. Cash amounts are USD, {@code +} received by the member, {@code -} paid by the
 * member. Requirements (IM, MM, call amounts) are non-negative amounts owed to the CCP; collateral values
 * and equity are amounts held for the member.
 *
 * <p>All types here are immutable values, validated on construction; invalid arguments raise
 * {@link java.lang.IllegalArgumentException} naming the argument and the value.
 */
package io.concordia.margin.model;
