package io.concordia.margin.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One named stress scenario (docs/margin-model.md §2 and §4 step 3): a return {@code R[u][psi]} for the
 * underlyings it names and, optionally, a shock per liquidity tier for the underlyings it does not name; an
 * underlying named by neither moves 0.
 *
 * @param name the scenario name, reported as the binding stress scenario
 * @param returns arithmetic returns per named underlying, finite and {@code >= -1}
 * @param tierShocks arithmetic return per liquidity tier for unnamed underlyings, finite and {@code >= -1}
 */
public record StressScenario(String name, Map<UnderlyingId, Double> returns, Map<LiquidityTier, Double> tierShocks) {

    /** Validates the scenario. @throws IllegalArgumentException on a blank name or a NaN, infinite or below -100% move */
    public StressScenario {
        Checks.notBlank(name, "stress scenario name");
        Checks.notNull(returns, "returns of stress scenario " + name);
        Checks.notNull(tierShocks, "tierShocks of stress scenario " + name);
        Map<UnderlyingId, Double> r = new LinkedHashMap<>();
        returns.forEach((u, x) -> r.put(Checks.notNull(u, "underlying"), check(x, "return of " + u + " in stress scenario " + name)));
        Map<LiquidityTier, Double> t = new EnumMap<>(LiquidityTier.class);
        tierShocks.forEach((k, x) -> t.put(Checks.notNull(k, "tier"), check(x, "tier shock of " + k + " in stress scenario " + name)));
        returns = Collections.unmodifiableMap(r);
        tierShocks = Collections.unmodifiableMap(t);
    }

    private static Double check(Double x, String what) {
        Checks.notNull(x, what);
        Checks.finite(x, what);
        if (x < -1.0) {
            throw new IllegalArgumentException(what + " must be >= -1, got: " + x);
        }
        return x;
    }

    /**
     * Creates a stress scenario.
     *
     * @param name the name
     * @param returns returns per underlying
     * @param tierShocks shocks per tier for unnamed underlyings
     * @return the scenario
     */
    public static StressScenario of(String name, Map<UnderlyingId, Double> returns, Map<LiquidityTier, Double> tierShocks) {
        return new StressScenario(name, returns, tierShocks);
    }

    /**
     * The move of one underlying: its named return, else its tier's shock, else 0.
     *
     * @param underlying the underlying
     * @param tier its liquidity tier
     * @return the arithmetic return
     */
    public double returnOf(UnderlyingId underlying, LiquidityTier tier) {
        Double r = returns.get(underlying);
        if (r != null) {
            return r;
        }
        Double t = tierShocks.get(tier);
        return t != null ? t : 0.0;
    }
}
