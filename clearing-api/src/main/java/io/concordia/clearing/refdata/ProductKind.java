package io.concordia.clearing.refdata;

/** Linear products of margin model v1; a future has an expiry, a perpetual does not. */
public enum ProductKind {
    PERPETUAL,
    FUTURE
}
