package io.concordia.settlement.model;

import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Clearing fees: a per-notional rate, by default the same for every product, optionally overridden per product.
 * A trade's fee is {@code -(rate * |quantity * price|)}: always paid by the member (cash {@code -}), exact.
 *
 * @param defaultRate rate applied to products without an override, a fraction of notional, {@code >= 0}
 * @param productRates per-product overrides, each {@code >= 0}
 */
public record FeeSchedule(BigDecimal defaultRate, Map<ProductSymbol, BigDecimal> productRates) {

    /** No fees. */
    public static final FeeSchedule NONE = new FeeSchedule(BigDecimal.ZERO, Map.of());

    /** Validates and copies. @throws IllegalArgumentException on nulls or a negative rate */
    public FeeSchedule {
        Checks.nonNegative(defaultRate, "defaultRate");
        Checks.noNulls(productRates, "productRates");
        TreeMap<ProductSymbol, BigDecimal> copy = new TreeMap<>();
        productRates.forEach((p, r) -> copy.put(p, Checks.nonNegative(r, "productRates[" + p + "]")));
        productRates = Collections.unmodifiableMap(copy);
    }

    /**
     * A schedule with one rate for every product.
     *
     * @param defaultRate rate (decimal string), e.g. {@code 0.0002} for 2 bp
     * @return the schedule
     */
    public static FeeSchedule of(String defaultRate) {
        return new FeeSchedule(new BigDecimal(defaultRate), Map.of());
    }

    /**
     * Returns this schedule with an override for one product.
     *
     * @param product the product
     * @param rate the rate, {@code >= 0}
     * @return the new schedule
     */
    public FeeSchedule withRate(ProductSymbol product, BigDecimal rate) {
        TreeMap<ProductSymbol, BigDecimal> copy = new TreeMap<>(productRates);
        copy.put(product, rate);
        return new FeeSchedule(defaultRate, copy);
    }

    /**
     * The rate for a product.
     *
     * @param product the product
     * @return its override, else the default rate
     */
    public BigDecimal rate(ProductSymbol product) {
        return productRates.getOrDefault(product, defaultRate);
    }
}
