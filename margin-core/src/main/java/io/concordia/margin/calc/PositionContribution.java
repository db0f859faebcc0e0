package io.concordia.margin.calc;

import io.concordia.margin.model.ProductId;
import io.concordia.margin.model.UnderlyingId;

/**
 * A position's contribution to the expected shortfall (docs/margin-model.md §4, last
 * paragraph): the position's P&amp;L on the {@code k} tail scenarios, averaged, reported with the loss sign
 * ({@code -PnL}) so that the contributions of a portfolio add up to its ES. Positive: the position adds to the
 * tail loss; negative: it hedges it.
 *
 * @param product the product
 * @param underlying its underlying
 * @param notional signed notional {@code n_p}, USD, {@code +} long
 * @param esContribution {@code (1/k) sum_{s in tail} (-n_p R[u(p)][s])}, USD
 */
public record PositionContribution(
        ProductId product, UnderlyingId underlying, double notional, double esContribution) {}
