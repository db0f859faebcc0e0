package io.concordia.margin.model;

import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/**
 * A harmonized product (docs/margin-model.md §1): underlying {@code u(p)} and kind. Venue
 * instruments map onto products; one unit of a product is one unit of its underlying.
 *
 * @param id product id, e.g. {@code BTC-PERP}
 * @param underlying the underlying {@code u(p)}
 * @param kind perpetual, dated future or option
 * @param expiry expiry date of a future, or {@code null} (always {@code null} for a perpetual and an option, whose
 *     expiry instant is in its terms; optional for a future because the model does not use it)
 * @param option the terms of an option (docs/margin-model.md §8.1); {@code null} for a perpetual or a future
 */
public record Product(ProductId id, UnderlyingId underlying, ProductKind kind, LocalDate expiry, OptionTerms option) {

    /**
     * Validates the product.
     *
     * @throws IllegalArgumentException on a null id, underlying or kind, a perpetual or option with an expiry date,
     *     an option without terms or a linear product with them
     */
    public Product {
        Checks.notNull(id, "product id");
        Checks.notNull(underlying, "underlying of " + id);
        Checks.notNull(kind, "kind of " + id);
        if (kind != ProductKind.FUTURE && expiry != null) {
            throw new IllegalArgumentException(kind.name().toLowerCase(java.util.Locale.ROOT) + " " + id
                    + " must not have an expiry date, got: " + expiry);
        }
        if (kind == ProductKind.OPTION && option == null) {
            throw new IllegalArgumentException("option " + id + " must have its terms (strike, right, expiry)");
        }
        if (kind != ProductKind.OPTION && option != null) {
            throw new IllegalArgumentException(kind + " " + id + " must not have option terms, got: " + option);
        }
    }

    /** A perpetual or a future: no option terms. */
    public Product(ProductId id, UnderlyingId underlying, ProductKind kind, LocalDate expiry) {
        this(id, underlying, kind, expiry, null);
    }

    /** @return whether the product is an option, revalued in full under every scenario */
    public boolean isOption() {
        return kind == ProductKind.OPTION;
    }

    /**
     * Creates a European option.
     *
     * @param id product id, e.g. {@code BTC-31DEC26-65000-C}
     * @param underlying underlying id
     * @param strike strike, USD per unit (decimal string)
     * @param right call or put
     * @param expiry the instant of expiry
     * @return the product
     */
    public static Product option(String id, String underlying, String strike, OptionRight right, Instant expiry) {
        return new Product(
                ProductId.of(id),
                UnderlyingId.of(underlying),
                ProductKind.OPTION,
                null,
                new OptionTerms(new BigDecimal(strike), right, expiry));
    }

    /**
     * Creates a product without expiry.
     *
     * @param id product id
     * @param underlying underlying id
     * @param kind kind
     * @return the product
     */
    public static Product of(String id, String underlying, ProductKind kind) {
        return new Product(ProductId.of(id), UnderlyingId.of(underlying), kind, null);
    }

    /**
     * Creates a perpetual.
     *
     * @param id product id
     * @param underlying underlying id
     * @return the product
     */
    public static Product perpetual(String id, String underlying) {
        return of(id, underlying, ProductKind.PERPETUAL);
    }

    /**
     * Creates a dated future.
     *
     * @param id product id
     * @param underlying underlying id
     * @param expiry expiry date, may be {@code null}
     * @return the product
     */
    public static Product future(String id, String underlying, LocalDate expiry) {
        return new Product(ProductId.of(id), UnderlyingId.of(underlying), ProductKind.FUTURE, expiry);
    }
}
