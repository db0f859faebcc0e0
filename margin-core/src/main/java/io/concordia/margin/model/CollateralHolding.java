package io.concordia.margin.model;

import io.concordia.types.AssetCode;
import io.concordia.types.Checks;
import java.math.BigDecimal;

/**
 * A collateral holding (docs/margin-model.md §5): quantity {@code Q_a} of asset {@code a} at price
 * {@code P_a}, optionally allocated to one bucket of an isolated account.
 *
 * @param asset the asset code
 * @param quantity quantity held, {@code >= 0}, in units of the asset
 * @param price USD per unit of the asset, {@code > 0}
 * @param bucket the product whose isolated bucket this collateral belongs to, or {@code null} in a cross account
 */
public record CollateralHolding(AssetCode asset, BigDecimal quantity, BigDecimal price, ProductId bucket) {

    /** Validates the holding. @throws IllegalArgumentException on null, negative quantity or non-positive price */
    public CollateralHolding {
        Checks.notNull(asset, "asset");
        Checks.nonNegative(quantity, "quantity of " + asset);
        Checks.positive(price, "price of " + asset);
    }

    /**
     * Creates a cross-account holding.
     *
     * @param asset asset code
     * @param quantity quantity (decimal string)
     * @param price USD price (decimal string)
     * @return the holding
     */
    public static CollateralHolding of(String asset, String quantity, String price) {
        return new CollateralHolding(AssetCode.of(asset), new BigDecimal(quantity), new BigDecimal(price), null);
    }

    /**
     * Creates a holding allocated to an isolated bucket.
     *
     * @param asset asset code
     * @param quantity quantity (decimal string)
     * @param price USD price (decimal string)
     * @param bucket the product of the bucket
     * @return the holding
     */
    public static CollateralHolding of(String asset, String quantity, String price, String bucket) {
        return new CollateralHolding(
                AssetCode.of(asset), new BigDecimal(quantity), new BigDecimal(price), ProductId.of(bucket));
    }

    /** @return the unhaircut USD value {@code Q_a * P_a}, exact */
    public BigDecimal marketValue() {
        return quantity.multiply(price);
    }
}
