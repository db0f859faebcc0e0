package io.concordia.margin.model;

import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.util.List;

/**
 * A size-floor table of one liquidity tier (docs/margin-model.md §4 step 5).
 *
 * <p>Band edges {@code 0 = b0 < b1 < ... < b(K-1) < bK = infinity} (USD of absolute net notional) and marginal
 * rates {@code r1 <= r2 <= ... <= rK}. The floor of an absolute net notional {@code A} is
 * {@code floor(A) = sum_j r_j * max(0, min(A, b_j) - b(j-1))}, USD, continuous in {@code A} at every edge.
 *
 * @param edges the inner edges {@code b1 .. b(K-1)}, USD, strictly increasing, {@code > 0} (may be empty)
 * @param rates the marginal rates {@code r1 .. rK}, non-decreasing, in [0, 1]; one more than the edges
 */
public record TierTable(List<BigDecimal> edges, List<BigDecimal> rates) {

    /** Validates the table. @throws IllegalArgumentException on unordered edges or rates or a size mismatch */
    public TierTable {
        edges = List.copyOf(Checks.notNull(edges, "edges"));
        rates = List.copyOf(Checks.notNull(rates, "rates"));
        if (rates.size() != edges.size() + 1) {
            throw new IllegalArgumentException(
                    "rates must have one more entry than edges: edges " + edges.size() + ", rates " + rates.size());
        }
        BigDecimal prev = BigDecimal.ZERO;
        for (int i = 0; i < edges.size(); i++) {
            BigDecimal e = Checks.notNull(edges.get(i), "edges[" + i + "]");
            if (e.compareTo(prev) <= 0) {
                throw new IllegalArgumentException("edges must be > 0 and strictly increasing, edges[" + i + "] = "
                        + e.toPlainString() + " after " + prev.toPlainString());
            }
            prev = e;
        }
        BigDecimal prevRate = BigDecimal.ZERO;
        for (int i = 0; i < rates.size(); i++) {
            BigDecimal r = Checks.between(rates.get(i), BigDecimal.ZERO, BigDecimal.ONE, "rates[" + i + "]");
            if (r.compareTo(prevRate) < 0) {
                throw new IllegalArgumentException("rates must be non-decreasing, rates[" + i + "] = "
                        + r.toPlainString() + " after " + prevRate.toPlainString());
            }
            prevRate = r;
        }
    }

    /**
     * Creates a table from decimal strings.
     *
     * @param edges inner edges, USD
     * @param rates marginal rates
     * @return the table
     */
    public static TierTable of(List<String> edges, List<String> rates) {
        return new TierTable(
                edges.stream().map(BigDecimal::new).toList(),
                rates.stream().map(BigDecimal::new).toList());
    }

    /** @return the inner edges as doubles, USD (a new array) */
    public double[] edgesAsDoubles() {
        double[] out = new double[edges.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = edges.get(i).doubleValue();
        }
        return out;
    }

    /** @return the rates as doubles (a new array) */
    public double[] ratesAsDoubles() {
        double[] out = new double[rates.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rates.get(i).doubleValue();
        }
        return out;
    }

    /**
     * The floor {@code sum_j r_j * max(0, min(A, b_j) - b(j-1))}, USD, double precision, unrounded.
     *
     * @param absNetNotional {@code A_u >= 0}, USD
     * @return the floor, USD, {@code >= 0}
     */
    public double floor(double absNetNotional) {
        return floor(absNetNotional, edgesAsDoubles(), ratesAsDoubles());
    }

    /**
     * The floor formula over primitive arrays (used by the calculators' hot path).
     *
     * @param a absolute net notional, USD
     * @param edges inner edges {@code b1..b(K-1)}
     * @param rates marginal rates {@code r1..rK}
     * @return {@code sum_j r_j * max(0, min(a, b_j) - b(j-1))}
     */
    public static double floor(double a, double[] edges, double[] rates) {
        // Every band is summed, the ones above a as r_j * 0: the sum is the same to the bit as stopping at the first
        // empty band (adding +0.0 to a sum >= 0 changes nothing), and the margin run does not mispredict where a
        // portfolio's notional stops, which varies from one account to the next.
        double total = 0.0;
        double prev = 0.0;
        for (int j = 0; j < rates.length; j++) {
            double hi = j < edges.length ? edges[j] : Double.POSITIVE_INFINITY;
            total += rates[j] * Math.max(0.0, Math.min(a, hi) - prev);
            prev = hi;
        }
        return total;
    }
}
