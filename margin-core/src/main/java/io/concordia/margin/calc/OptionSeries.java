package io.concordia.margin.calc;

import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import java.math.BigDecimal;

/**
 * An option as a margin run values it (docs/margin-model.md §8.2, §8.4): the product and its mark implied volatility
 * {@code sigma_p}. Every position in the same series shares one valuation per run ({@link OptionValuations}); the
 * volatility is compared by value, so {@code 0.60} and {@code 0.6} are the same series.
 *
 * @param product an option product
 * @param iv its mark implied volatility, annualised, {@code > 0}; normalised without trailing zeros
 */
public record OptionSeries(Product product, BigDecimal iv) {

    /** Validates and normalises. @throws IllegalArgumentException on a product that is not an option or a bad iv */
    public OptionSeries {
        if (product == null || !product.isOption()) {
            throw new IllegalArgumentException("an option series needs an option product, got: "
                    + (product == null ? null : product.id() + " (" + product.kind() + ")"));
        }
        if (iv == null || iv.signum() <= 0) {
            throw new IllegalArgumentException("iv of " + product.id() + " must be positive, got: " + iv);
        }
        iv = iv.stripTrailingZeros();
    }

    /**
     * The series of an option position.
     *
     * @param position an option position
     * @return its product and iv
     */
    public static OptionSeries of(Position position) {
        return new OptionSeries(position.product(), position.iv());
    }
}
