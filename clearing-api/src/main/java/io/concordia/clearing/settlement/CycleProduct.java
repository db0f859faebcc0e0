package io.concordia.clearing.settlement;

/** A product as a cycle reads it: its id, symbol and kind ({@code PERPETUAL}, {@code FUTURE}...). */
record CycleProduct(long id, String symbol, String kind) {}
