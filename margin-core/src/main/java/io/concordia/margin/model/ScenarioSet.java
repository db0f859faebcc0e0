package io.concordia.margin.model;

import io.concordia.types.Checks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A scenario set (docs/margin-model.md §2): an id and {@code N} joint scenarios; scenario {@code s} gives
 * every underlying {@code u} an arithmetic return {@code R[u][s]} over the margin period of risk.
 *
 * <p>Returns are held as one primitive {@code double[N]} row per underlying. The set is immutable: the factory
 * copies its input and {@link #row(int)} hands out the internal row for the calculators' hot loops, which
 * must not write to it. Not a record because records compare arrays by identity.
 */
public final class ScenarioSet {

    private final String id;
    private final List<UnderlyingId> underlyings;
    private final double[][] rows;
    private final Map<UnderlyingId, Integer> index;
    private final int horizonDays;

    /** The horizon {@code h} of a set that does not record one, days (docs/margin-model.md §8.4). */
    public static final int DEFAULT_HORIZON_DAYS = 2;

    private ScenarioSet(String id, List<UnderlyingId> underlyings, double[][] rows, int horizonDays) {
        this.id = id;
        this.horizonDays = horizonDays;
        this.underlyings = underlyings;
        this.rows = rows;
        Map<UnderlyingId, Integer> ix = new HashMap<>();
        for (int i = 0; i < underlyings.size(); i++) {
            ix.put(underlyings.get(i), i);
        }
        this.index = ix;
    }

    /**
     * Creates a scenario set, copying the arrays.
     *
     * @param id the set id, carried into every result
     * @param returns arithmetic returns per underlying, each row of the same length {@code N >= 1}, every value
     *     finite and {@code >= -1}
     * @return the set
     * @throws IllegalArgumentException on an empty set, ragged rows, or a NaN, infinite or below -100% return
     */
    public static ScenarioSet of(String id, Map<UnderlyingId, double[]> returns) {
        Checks.notBlank(id, "scenario set id");
        Checks.notNull(returns, "returns");
        if (returns.isEmpty()) {
            throw new IllegalArgumentException("scenario set " + id + " must have at least one underlying, got none");
        }
        List<UnderlyingId> us = new ArrayList<>();
        double[][] rows = new double[returns.size()][];
        int n = -1;
        UnderlyingId first = null;
        int i = 0;
        for (Map.Entry<UnderlyingId, double[]> e : returns.entrySet()) {
            UnderlyingId u = Checks.notNull(e.getKey(), "underlying");
            double[] r = Checks.notNull(e.getValue(), "returns of " + u);
            if (n < 0) {
                n = r.length;
                first = u;
                if (n == 0) {
                    throw new IllegalArgumentException("scenario set " + id + " is empty: " + u + " has 0 scenarios");
                }
            } else if (r.length != n) {
                throw new IllegalArgumentException("scenario arrays must have the same length: " + first + " has " + n
                        + ", " + u + " has " + r.length);
            }
            for (int s = 0; s < r.length; s++) {
                double x = r[s];
                if (!Double.isFinite(x)) {
                    throw new IllegalArgumentException(
                            "return of " + u + " in scenario " + s + " must be finite, got: " + x);
                }
                if (x < -1.0) {
                    throw new IllegalArgumentException(
                            "return of " + u + " in scenario " + s + " must be >= -1, got: " + x);
                }
            }
            us.add(u);
            rows[i++] = r.clone();
        }
        return new ScenarioSet(id, Collections.unmodifiableList(us), rows, DEFAULT_HORIZON_DAYS);
    }

    /**
     * The horizon {@code h} over which the scenarios' returns are taken, days: options are revalued {@code h} days
     * closer to expiry (docs/margin-model.md §8.4).
     *
     * @return {@code h >= 1}
     */
    public int horizonDays() {
        return horizonDays;
    }

    /**
     * The same scenarios recorded with another horizon.
     *
     * @param days {@code h >= 1}
     * @return the set
     * @throws IllegalArgumentException if {@code days < 1}
     */
    public ScenarioSet withHorizonDays(int days) {
        if (days < 1) {
            throw new IllegalArgumentException("horizonDays of scenario set " + id + " must be >= 1, got: " + days);
        }
        return new ScenarioSet(id, underlyings, rows, days);
    }

    /** @return the set id */
    public String id() {
        return id;
    }

    /** @return the number of scenarios {@code N} */
    public int size() {
        return rows[0].length;
    }

    /** @return the underlyings, in row order */
    public List<UnderlyingId> underlyings() {
        return underlyings;
    }

    /**
     * The row index of an underlying.
     *
     * @param underlying the underlying
     * @return its index, or -1 if the set has no returns for it
     */
    public int indexOf(UnderlyingId underlying) {
        Integer i = index.get(underlying);
        return i == null ? -1 : i;
    }

    /**
     * The row index of an underlying, which must be present.
     *
     * @param underlying the underlying
     * @return its index
     * @throws IllegalArgumentException if the set has no returns for it
     */
    public int requireIndex(UnderlyingId underlying) {
        int i = indexOf(underlying);
        if (i < 0) {
            throw new IllegalArgumentException("unknown underlying: scenario set " + id + " has no returns for "
                    + underlying + " (has: " + underlyings + ")");
        }
        return i;
    }

    /**
     * The internal return row {@code R[u][0..N-1]} of the underlying at {@code index}; callers must not modify it.
     *
     * @param index the row index
     * @return the row (not a copy)
     */
    public double[] row(int index) {
        return rows[index];
    }

    /**
     * A copy of the returns of one underlying.
     *
     * @param underlying the underlying
     * @return a copy of {@code R[u][*]}
     * @throws IllegalArgumentException if unknown
     */
    public double[] returnsOf(UnderlyingId underlying) {
        return rows[requireIndex(underlying)].clone();
    }

    /** @return a copy of all returns, keyed by underlying in row order */
    public Map<UnderlyingId, double[]> toMap() {
        Map<UnderlyingId, double[]> m = new LinkedHashMap<>();
        for (int i = 0; i < rows.length; i++) {
            m.put(underlyings.get(i), rows[i].clone());
        }
        return m;
    }

    /**
     * The same scenarios in another order: scenario {@code s} of the result is scenario {@code order[s]} of this set.
     *
     * @param newId id of the new set
     * @param order a permutation of {@code 0..N-1}
     * @return the permuted set
     */
    public ScenarioSet permuted(String newId, int[] order) {
        int n = size();
        if (order.length != n) {
            throw new IllegalArgumentException("order must have " + n + " entries, got: " + order.length);
        }
        boolean[] seen = new boolean[n];
        Map<UnderlyingId, double[]> m = new LinkedHashMap<>();
        for (int s : order) {
            if (s < 0 || s >= n || seen[s]) {
                throw new IllegalArgumentException(
                        "order must be a permutation of 0.." + (n - 1) + ", got: " + Arrays.toString(order));
            }
            seen[s] = true;
        }
        for (int i = 0; i < rows.length; i++) {
            double[] r = new double[n];
            for (int s = 0; s < n; s++) {
                r[s] = rows[i][order[s]];
            }
            m.put(underlyings.get(i), r);
        }
        return of(newId, m).withHorizonDays(horizonDays);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ScenarioSet other)) {
            return false;
        }
        return id.equals(other.id)
                && horizonDays == other.horizonDays
                && underlyings.equals(other.underlyings)
                && Arrays.deepEquals(rows, other.rows);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + underlyings.hashCode();
    }

    @Override
    public String toString() {
        return "ScenarioSet[id=" + id + ", N=" + size() + ", underlyings=" + underlyings + "]";
    }
}
