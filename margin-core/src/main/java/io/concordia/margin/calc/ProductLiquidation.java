package io.concordia.margin.calc;

import io.concordia.margin.model.ProductId;
import java.math.BigDecimal;

/**
 * The liquidation price of one linear position ({@link ProductLiquidationSearch}).
 *
 * @param product the position's product
 * @param quantity its quantity, {@code +} long
 * @param mark its mark
 * @param price the product's price at which the account (or the position's bucket) reaches MM; {@code null} when no
 *     price of the product alone liquidates it; the mark when it is liquidating now
 * @param liquidatingNow whether equity is below MM at the mark already
 */
public record ProductLiquidation(
        ProductId product, BigDecimal quantity, BigDecimal mark, BigDecimal price, boolean liquidatingNow) {}
