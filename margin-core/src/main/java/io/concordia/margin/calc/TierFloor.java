package io.concordia.margin.calc;

import io.concordia.margin.model.TierTable;

/** The size floor of one underlying (docs/margin-model.md §4 step 5) over primitive arrays; see {@link TierTable#floor(double)}. */
final class TierFloor {

    private TierFloor() {}

    static double of(double absNetNotional, double[] edges, double[] rates) {
        if (edges == null) {
            throw new IllegalArgumentException("unknown underlying: no tier table for this scenario row");
        }
        return TierTable.floor(absNetNotional, edges, rates);
    }
}
