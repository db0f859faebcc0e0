package io.concordia.margin.model;

import java.time.LocalDate;

/**
 * A harmonized product (docs/margin-model.md §1): underlying {@code u(p)} and kind. Venue
 * instruments map onto products; one unit of a product is one unit of its underlying.
 *
 * @param id product id, e.g. {@code BTC-PERP}
 * @param underlying the underlying {@code u(p)}
 * @param kind perpetual or dated future
 * @param expiry expiry date of a future, or {@code null} (always {@code null} for a perpetual; optional for a
 *     future because version 1 of the model does not use it)
 */
public record Product(ProductId id, UnderlyingId underlying, ProductKind kind, LocalDate expiry) {

    /** Validates the product. @throws IllegalArgumentException on a null id, underlying or kind, or a perpetual with an expiry */
    public Product {
        Checks.notNull(id, "product id");
        Checks.notNull(underlying, "underlying of " + id);
        Checks.notNull(kind, "kind of " + id);
        if (kind == ProductKind.PERPETUAL && expiry != null) {
            throw new IllegalArgumentException("perpetual " + id + " must not have an expiry, got: " + expiry);
        }
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
