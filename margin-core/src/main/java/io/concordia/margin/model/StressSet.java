package io.concordia.margin.model;

import io.concordia.types.Checks;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A stress set of {@code M >= 1} named scenarios (docs/margin-model.md §2 and §4 step 3).
 *
 * @param scenarios the scenarios, names unique
 */
public record StressSet(List<StressScenario> scenarios) {

    /** Name of the default scenario that moves every underlying down by its tier's stress shock. */
    public static final String ALL_DOWN = "ALL-DOWN";
    /** Name of the default scenario that moves every underlying up by its tier's stress shock. */
    public static final String ALL_UP = "ALL-UP";
    /** Name of the default scenario, with options, that raises every implied volatility by its tier's {@code volUp}. */
    public static final String VOL_UP = "VOL-UP";
    /** Name of the default scenario, with options, that lowers every implied volatility by its tier's {@code volDown}. */
    public static final String VOL_DOWN = "VOL-DOWN";

    /** Validates the set. @throws IllegalArgumentException if empty or a name repeats */
    public StressSet {
        scenarios = List.copyOf(Checks.notNull(scenarios, "stress scenarios"));
        if (scenarios.isEmpty()) {
            throw new IllegalArgumentException("stress set must have at least one scenario, got none");
        }
        Set<String> names = new HashSet<>();
        for (StressScenario s : scenarios) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("stress scenario names must be unique, duplicate: " + s.name());
            }
        }
    }

    /**
     * Creates a stress set.
     *
     * @param scenarios the scenarios
     * @return the set
     */
    public static StressSet of(List<StressScenario> scenarios) {
        return new StressSet(scenarios);
    }

    /**
     * The default stress set of a schedule (step 3): {@code ALL-DOWN} moves every underlying by
     * {@code -stressShock} of its tier, {@code ALL-UP} by {@code +stressShock}.
     *
     * @param schedule the schedule
     * @return the two-scenario set
     */
    public static StressSet defaultFor(Schedule schedule) {
        Map<LiquidityTier, Double> down = new EnumMap<>(LiquidityTier.class);
        Map<LiquidityTier, Double> up = new EnumMap<>(LiquidityTier.class);
        schedule.tiers().forEach((tier, p) -> {
            double shock = p.stressShock().doubleValue();
            down.put(tier, -shock);
            up.put(tier, shock);
        });
        return new StressSet(
                List.of(StressScenario.of(ALL_DOWN, Map.of(), down), StressScenario.of(ALL_UP, Map.of(), up)));
    }

    /**
     * The default stress set of a schedule for a portfolio that holds an option (docs/margin-model.md §8.5):
     * {@code ALL-DOWN} ({@code -stressShock}, volatility times {@code 1 + volUp}), {@code ALL-UP}
     * ({@code +stressShock}, times {@code 1 - volDown}), {@code VOL-UP} (no move, times {@code 1 + volUp}) and
     * {@code VOL-DOWN} (no move, times {@code 1 - volDown}), per tier.
     *
     * @param schedule the schedule
     * @return the four-scenario set
     */
    public static StressSet defaultWithOptionsFor(Schedule schedule) {
        Map<LiquidityTier, Double> down = new EnumMap<>(LiquidityTier.class);
        Map<LiquidityTier, Double> up = new EnumMap<>(LiquidityTier.class);
        Map<LiquidityTier, Double> still = new EnumMap<>(LiquidityTier.class);
        Map<LiquidityTier, Double> volUp = new EnumMap<>(LiquidityTier.class);
        Map<LiquidityTier, Double> volDown = new EnumMap<>(LiquidityTier.class);
        schedule.tiers().forEach((tier, p) -> {
            double shock = p.stressShock().doubleValue();
            OptionTierParameters o = p.optionsOf(tier);
            down.put(tier, -shock);
            up.put(tier, shock);
            still.put(tier, 0.0);
            volUp.put(tier, o.volUp().doubleValue());
            volDown.put(tier, -o.volDown().doubleValue());
        });
        return new StressSet(List.of(
                new StressScenario(ALL_DOWN, Map.of(), down, Map.of(), volUp),
                new StressScenario(ALL_UP, Map.of(), up, Map.of(), volDown),
                new StressScenario(VOL_UP, Map.of(), still, Map.of(), volUp),
                new StressScenario(VOL_DOWN, Map.of(), still, Map.of(), volDown)));
    }

    /** @return the number of scenarios {@code M} */
    public int size() {
        return scenarios.size();
    }
}
