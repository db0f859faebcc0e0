package io.concordia.margin.backtest;

import io.concordia.margin.model.UnderlyingId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A portfolio held fixed over each margin period of risk: a signed quantity per underlying, {@code +} long, in units
 * of the underlying (one perpetual-like position per underlying).
 *
 * @param name how reports name it
 * @param quantities signed quantity {@code q_u} per underlying, finite, not all zero; iteration order is kept
 */
public record BacktestPortfolio(String name, Map<UnderlyingId, Double> quantities) {

    /** Validates and copies. @throws IllegalArgumentException on a blank name, no position or a non-finite quantity */
    public BacktestPortfolio {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("portfolio name must not be blank");
        }
        if (quantities == null || quantities.isEmpty()) {
            throw new IllegalArgumentException("portfolio " + name + " must hold at least one position");
        }
        Map<UnderlyingId, Double> copy = new LinkedHashMap<>();
        for (Map.Entry<UnderlyingId, Double> e : quantities.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || !Double.isFinite(e.getValue())) {
                throw new IllegalArgumentException("portfolio " + name + " needs a finite quantity per underlying, got "
                        + e.getKey() + "=" + e.getValue());
            }
            copy.put(e.getKey(), e.getValue());
        }
        quantities = Collections.unmodifiableMap(copy);
    }

    /**
     * The reference portfolios: one unit long and one unit short of each underlying, named {@code CODE long} and
     * {@code CODE short}.
     *
     * @param underlyings the underlyings
     * @return two portfolios per underlying, in the given order
     */
    public static List<BacktestPortfolio> oneUnitEach(List<UnderlyingId> underlyings) {
        List<BacktestPortfolio> out = new ArrayList<>();
        for (UnderlyingId u : underlyings) {
            out.add(new BacktestPortfolio(u.code() + " long", Map.of(u, 1.0)));
            out.add(new BacktestPortfolio(u.code() + " short", Map.of(u, -1.0)));
        }
        return out;
    }

    /**
     * A long basket with the same notional in every underlying at given prices: {@code q_u = notional / (U P_u)}.
     *
     * @param name the basket's name
     * @param prices price of each underlying on the day the weights are set, {@code > 0}
     * @param notional total notional, {@code > 0}
     * @return the basket
     * @throws IllegalArgumentException on a non-positive price or notional
     */
    public static BacktestPortfolio equalNotionalLong(String name, Map<UnderlyingId, Double> prices, double notional) {
        if (!(notional > 0.0) || prices == null || prices.isEmpty()) {
            throw new IllegalArgumentException("basket needs a notional > 0 and at least one price, got " + notional);
        }
        Map<UnderlyingId, Double> q = new LinkedHashMap<>();
        for (Map.Entry<UnderlyingId, Double> e : prices.entrySet()) {
            if (!(e.getValue() > 0.0)) {
                throw new IllegalArgumentException("price of " + e.getKey() + " must be > 0, got: " + e.getValue());
            }
            q.put(e.getKey(), notional / prices.size() / e.getValue());
        }
        return new BacktestPortfolio(name, q);
    }
}
