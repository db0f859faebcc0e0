package io.concordia.margin.calc;

import io.concordia.margin.model.UnderlyingId;

/**
 * A portfolio's net Greeks on one underlying (docs/margin-model.md §8.6): the sums over its positions, a linear
 * position counting delta {@code q} and no other Greek. Doubles, unrounded.
 *
 * @param underlying the underlying
 * @param delta net delta, units of the underlying
 * @param gamma net gamma, units per USD
 * @param vega net vega, USD per volatility point
 * @param theta net theta, USD per day
 * @param deltaNotional net delta-equivalent notional {@code sum n_p}, USD ({@code n_p = q_p delta_p F_u} for an option)
 */
public record UnderlyingGreeks(
        UnderlyingId underlying, double delta, double gamma, double vega, double theta, double deltaNotional) {}
