package io.concordia.margin.calc;

import io.concordia.margin.model.ProductId;
import io.concordia.margin.model.UnderlyingId;
import java.math.BigDecimal;

/**
 * A position's Greeks (docs/margin-model.md §8.6): per unit long times the quantity; a linear position has delta
 * {@code q} and no other Greek. Doubles, unrounded.
 *
 * @param product the product
 * @param underlying its underlying
 * @param delta units of the underlying
 * @param gamma units per USD
 * @param vega USD per volatility point
 * @param theta USD per day
 * @param modelValue an option's Black-76 value per unit at the current inputs, USD; {@code null} for a linear position
 * @param iv an option's mark implied volatility; {@code null} for a linear position
 */
public record PositionGreeks(
        ProductId product,
        UnderlyingId underlying,
        double delta,
        double gamma,
        double vega,
        double theta,
        Double modelValue,
        BigDecimal iv) {}
