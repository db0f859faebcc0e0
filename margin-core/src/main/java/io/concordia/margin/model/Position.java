package io.concordia.margin.model;

import io.concordia.types.Checks;
import java.math.BigDecimal;

/**
 * A position in one product (docs/margin-model.md §1 and §5).
 *
 * @param product the product {@code p}
 * @param quantity signed quantity {@code q_p} in units of the underlying, {@code +} long, {@code -} short
 * @param mark harmonized mark {@code S_p}, USD per unit, {@code > 0}
 * @param ref reference price {@code S_p_ref}, USD per unit, {@code > 0}: the last settlement price, or the
 *     trade price for quantity traded since
 * @param realized variation already realized by reductions of the position since the last settlement and not yet
 *     settled into collateral, USD, {@code +} a gain to the member; part of the accrued variation margin
 * @param iv the option's mark implied volatility {@code sigma_p}, annualised ({@code 0.55} is 55%), {@code > 0};
 *     {@code null} for a perpetual or a future (docs/margin-model.md §8.2). An option's {@code mark} and {@code ref}
 *     are option prices, used for equity exactly as a future's
 */
public record Position(
        Product product, BigDecimal quantity, BigDecimal mark, BigDecimal ref, BigDecimal realized, BigDecimal iv) {

    /**
     * Validates the position.
     *
     * @throws IllegalArgumentException on null fields, non-positive prices, an option without a positive implied
     *     volatility or a linear position with one
     */
    public Position {
        Checks.notNull(product, "product");
        Checks.notNull(quantity, "quantity of " + product.id());
        Checks.positive(mark, "mark of " + product.id());
        Checks.positive(ref, "ref of " + product.id());
        Checks.notNull(realized, "realized of " + product.id());
        if (product.isOption()) {
            Checks.positive(iv, "iv of " + product.id());
        } else if (iv != null) {
            throw new IllegalArgumentException("iv of " + product.id() + " applies to options only, got: " + iv);
        }
    }

    /** A perpetual or future position. */
    public Position(Product product, BigDecimal quantity, BigDecimal mark, BigDecimal ref, BigDecimal realized) {
        this(product, quantity, mark, ref, realized, null);
    }

    /** A perpetual or future position with nothing realized since the last settlement. */
    public Position(Product product, BigDecimal quantity, BigDecimal mark, BigDecimal ref) {
        this(product, quantity, mark, ref, BigDecimal.ZERO);
    }

    /**
     * Creates an option position with nothing realized since the last settlement.
     *
     * @param option the option product
     * @param quantity signed quantity (decimal string), {@code +} long
     * @param mark option mark, USD per unit (decimal string)
     * @param ref option reference price, USD per unit (decimal string)
     * @param iv mark implied volatility (decimal string)
     * @return the position
     */
    public static Position ofOption(Product option, String quantity, String mark, String ref, String iv) {
        return new Position(
                option,
                new BigDecimal(quantity),
                new BigDecimal(mark),
                new BigDecimal(ref),
                BigDecimal.ZERO,
                new BigDecimal(iv));
    }

    /**
     * Creates a position.
     *
     * @param product the product
     * @param quantity signed quantity (decimal string), {@code +} long
     * @param mark mark price USD (decimal string)
     * @param ref reference price USD (decimal string)
     * @return the position
     */
    public static Position of(Product product, String quantity, String mark, String ref) {
        return new Position(product, new BigDecimal(quantity), new BigDecimal(mark), new BigDecimal(ref));
    }

    /** @return the underlying {@code u(p)} */
    public UnderlyingId underlying() {
        return product.underlying();
    }

    /**
     * Signed notional {@code n_p = q_p * S_p}, USD, exact; {@code +} for a long.
     *
     * @return the exact notional
     */
    public BigDecimal notional() {
        return quantity.multiply(mark);
    }

    /**
     * Unrealized P&amp;L since the last settlement {@code q_p * (S_p - S_p_ref)}, USD, exact; {@code +} is a
     * gain to the member (docs/margin-model.md §5), plus what reductions have realized since then and not
     * yet settled: the whole variation margin accrued since the last settlement.
     *
     * @return the exact variation margin accrued
     */
    public BigDecimal unrealizedPnl() {
        BigDecimal open = quantity.multiply(mark.subtract(ref));
        return realized.signum() == 0 ? open : open.add(realized);
    }

    /**
     * Returns this position with another quantity.
     *
     * @param newQuantity signed quantity
     * @return the new position
     */
    public Position withQuantity(BigDecimal newQuantity) {
        return new Position(product, newQuantity, mark, ref, realized, iv);
    }

    /**
     * Returns this position with every quantity multiplied by {@code factor}.
     *
     * @param factor the multiplier
     * @return the scaled position
     */
    public Position scaledBy(BigDecimal factor) {
        return new Position(product, quantity.multiply(factor), mark, ref, realized.multiply(factor), iv);
    }
}
