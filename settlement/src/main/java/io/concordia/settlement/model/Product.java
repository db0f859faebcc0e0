package io.concordia.settlement.model;

import io.concordia.types.AssetCode;
import io.concordia.types.Checks;

/**
 * A linear product as settlement sees it: variation margin, funding and fees are paid in its settlement currency,
 * prices are quoted in that currency per unit of the underlying.
 *
 * @param symbol the product
 * @param kind perpetual (funding) or future
 * @param currency settlement currency (USD, or USDC/USDT for stablecoin-settled products)
 */
public record Product(ProductSymbol symbol, ProductKind kind, AssetCode currency) {

    /** Validates the product. @throws IllegalArgumentException on a null field */
    public Product {
        Checks.notNull(symbol, "symbol");
        Checks.notNull(kind, "kind of " + symbol);
        Checks.notNull(currency, "currency of " + symbol);
    }

    /**
     * Creates a product.
     *
     * @param symbol product symbol, e.g. {@code BTC-PERP}
     * @param kind kind
     * @param currency settlement currency code, e.g. {@code USD}
     * @return the product
     */
    public static Product of(String symbol, ProductKind kind, String currency) {
        return new Product(ProductSymbol.of(symbol), kind, AssetCode.of(currency));
    }
}
