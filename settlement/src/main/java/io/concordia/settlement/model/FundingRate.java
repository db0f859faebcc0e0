package io.concordia.settlement.model;

import io.concordia.types.Checks;
import java.math.BigDecimal;

/**
 * Funding of one perpetual product for a cycle: the rate per funding interval and how many intervals the cycle
 * covers (e.g. 8-hour funding in a 12-hour cycle alternates 1 and 2; the service counts them).
 *
 * <p>Sign: a positive rate means longs pay shorts. A position's funding for the cycle is
 * {@code -(rate * intervals * q * S)} ({@code q} closing quantity, {@code S} settlement price), cash {@code +}
 * received by the member.
 *
 * @param product the perpetual product
 * @param rate rate per interval, a fraction of notional (0.0001 = 1 bp), any sign
 * @param intervals number of funding intervals in the cycle, {@code >= 0}
 */
public record FundingRate(ProductSymbol product, BigDecimal rate, int intervals) {

    /** Validates the rate. @throws IllegalArgumentException on nulls or negative intervals */
    public FundingRate {
        Checks.notNull(product, "product");
        Checks.notNull(rate, "rate of " + product);
        if (intervals < 0) {
            throw new IllegalArgumentException("intervals of " + product + " must be >= 0, got: " + intervals);
        }
    }

    /**
     * Creates a funding rate.
     *
     * @param product product symbol
     * @param rate rate per interval (decimal string)
     * @param intervals intervals in the cycle
     * @return the funding rate
     */
    public static FundingRate of(String product, String rate, int intervals) {
        return new FundingRate(ProductSymbol.of(product), new BigDecimal(rate), intervals);
    }

    /**
     * The rate for the whole cycle {@code rate * intervals}, exact.
     *
     * @return the cycle rate
     */
    public BigDecimal cycleRate() {
        return rate.multiply(BigDecimal.valueOf(intervals));
    }
}
