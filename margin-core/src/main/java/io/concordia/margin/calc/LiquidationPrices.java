package io.concordia.margin.calc;

import io.concordia.margin.model.UnderlyingId;
import java.math.BigDecimal;

/**
 * Where an account would be liquidated if one underlying moved, the others held (docs/margin-model.md §8.7): the
 * forward nearest the current one, to the cent, at which equity falls below MM (of the account, or of a bucket when
 * isolated), below and above. With options the requirement is not linear in the price, so there may be one on each
 * side, or none inside {@code [0, 10 F_u]}.
 *
 * @param underlying the underlying moved
 * @param forward its current forward {@code F_u}, USD per unit
 * @param liquidatingNow whether equity is already below MM at the current forward (then {@code below} and
 *     {@code above} are {@code null})
 * @param below the highest forward below {@code F_u}, to the cent, at which equity is below MM; {@code null} if none
 *     in {@code (0, F_u)}
 * @param above the lowest forward above {@code F_u}, to the cent, at which equity is below MM; {@code null} if none
 *     in {@code (F_u, 10 F_u]}
 */
public record LiquidationPrices(
        UnderlyingId underlying, BigDecimal forward, boolean liquidatingNow, BigDecimal below, BigDecimal above) {}
