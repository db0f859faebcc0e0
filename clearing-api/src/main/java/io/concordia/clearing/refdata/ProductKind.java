package io.concordia.clearing.refdata;

/**
 * The kinds of harmonized product: a perpetual never expires; a future and an option expire at an instant, when the
 * first settlement cycle after it settles them at their final price (docs/margin-model.md §8.1).
 */
public enum ProductKind {
    PERPETUAL,
    FUTURE,
    /** A European, cash-settled, futures-style option (margin model version 2). */
    OPTION;

    /** Whether products of this kind expire. */
    public boolean expires() {
        return this != PERPETUAL;
    }
}
