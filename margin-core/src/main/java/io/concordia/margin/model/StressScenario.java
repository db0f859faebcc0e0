package io.concordia.margin.model;

import io.concordia.types.Checks;
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
 * @param volShifts relative shift of the implied volatility of options on the named underlyings ({@code 0.5}
 *     multiplies volatility by 1.5), finite and {@code > -1} (docs/margin-model.md §8.5)
 * @param tierVolShifts relative volatility shift per liquidity tier for underlyings not in {@code volShifts}; an
 *     underlying named by neither follows the spot-volatility rule of its tier
 */
public record StressScenario(
        String name,
        Map<UnderlyingId, Double> returns,
        Map<LiquidityTier, Double> tierShocks,
        Map<UnderlyingId, Double> volShifts,
        Map<LiquidityTier, Double> tierVolShifts) {

    /** A scenario without volatility shifts: options follow the spot-volatility rule. */
    public StressScenario(String name, Map<UnderlyingId, Double> returns, Map<LiquidityTier, Double> tierShocks) {
        this(name, returns, tierShocks, Map.of(), Map.of());
    }

    /** Validates the scenario. @throws IllegalArgumentException on a blank name or a NaN, infinite or below -100% move */
    public StressScenario {
        Checks.notBlank(name, "stress scenario name");
        Checks.notNull(returns, "returns of stress scenario " + name);
        Checks.notNull(tierShocks, "tierShocks of stress scenario " + name);
        Map<UnderlyingId, Double> r = new LinkedHashMap<>();
        returns.forEach((u, x) ->
                r.put(Checks.notNull(u, "underlying"), check(x, "return of " + u + " in stress scenario " + name)));
        Map<LiquidityTier, Double> t = new EnumMap<>(LiquidityTier.class);
        tierShocks.forEach((k, x) ->
                t.put(Checks.notNull(k, "tier"), check(x, "tier shock of " + k + " in stress scenario " + name)));
        returns = Collections.unmodifiableMap(r);
        tierShocks = Collections.unmodifiableMap(t);
        Checks.notNull(volShifts, "volShifts of stress scenario " + name);
        Checks.notNull(tierVolShifts, "tierVolShifts of stress scenario " + name);
        Map<UnderlyingId, Double> v = new LinkedHashMap<>();
        volShifts.forEach((u, x) -> v.put(
                Checks.notNull(u, "underlying"),
                checkVol(x, "volatility shift of " + u + " in stress scenario " + name)));
        Map<LiquidityTier, Double> tv = new EnumMap<>(LiquidityTier.class);
        tierVolShifts.forEach((k, x) -> tv.put(
                Checks.notNull(k, "tier"),
                checkVol(x, "tier volatility shift of " + k + " in stress scenario " + name)));
        volShifts = Collections.unmodifiableMap(v);
        tierVolShifts = Collections.unmodifiableMap(tv);
    }

    private static Double checkVol(Double x, String what) {
        Checks.notNull(x, what);
        Checks.finite(x, what);
        if (x <= -1.0) {
            throw new IllegalArgumentException(what + " must be > -1 (volatility must stay positive), got: " + x);
        }
        return x;
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
    public static StressScenario of(
            String name, Map<UnderlyingId, Double> returns, Map<LiquidityTier, Double> tierShocks) {
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

    /**
     * The volatility shift of one underlying's options: its named shift, else its tier's, else {@code null} (the
     * spot-volatility rule applies).
     *
     * @param underlying the underlying
     * @param tier its liquidity tier
     * @return the relative shift, or {@code null}
     */
    public Double volShiftOf(UnderlyingId underlying, LiquidityTier tier) {
        Double v = volShifts.get(underlying);
        return v != null ? v : tierVolShifts.get(tier);
    }
}
