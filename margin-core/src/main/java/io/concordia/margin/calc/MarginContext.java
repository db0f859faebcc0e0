package io.concordia.margin.calc;

import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.StressScenario;
import io.concordia.margin.model.StressSet;
import io.concordia.margin.model.TierParameters;
import io.concordia.margin.model.UnderlyingId;

import java.math.BigDecimal;
import java.util.List;

/**
 * The market inputs of a margin run prepared as primitive arrays, one slot per row of the scenario set
 * (margin-model.md, "Requirement of one portfolio"): the tier table, basis rate and stress returns of every
 * underlying, {@code k}, {@code w_stress} and the maintenance ratio. Immutable and thread-safe; build once per
 * (schedule, scenario set, stress set) and share.
 */
public final class MarginContext {

    private final Schedule schedule;
    private final ScenarioSet scenarios;
    private final StressSet stress;
    private final int tailCount;
    private final double stressWeight;
    private final LiquidityTier[] tierOfRow;
    private final double[][] floorEdges;
    private final double[][] floorRates;
    private final double[] basisOfRow;
    /** stressReturns[psi][row]. */
    private final double[][] stressReturns;
    private final String[] stressNames;
    private final long mmUnscaled;
    private final long mmPow10;

    private MarginContext(Schedule schedule, ScenarioSet scenarios, StressSet stress) {
        this.schedule = schedule;
        this.scenarios = scenarios;
        this.stress = stress;
        this.tailCount = schedule.tailCount(scenarios.size());
        this.stressWeight = schedule.stressWeight().doubleValue();
        List<UnderlyingId> us = scenarios.underlyings();
        int rows = us.size();
        tierOfRow = new LiquidityTier[rows];
        floorEdges = new double[rows][];
        floorRates = new double[rows][];
        basisOfRow = new double[rows];
        for (int r = 0; r < rows; r++) {
            LiquidityTier tier = schedule.underlyings().get(us.get(r));
            tierOfRow[r] = tier;
            if (tier != null) {
                TierParameters p = schedule.tiers().get(tier);
                floorEdges[r] = p.table().edgesAsDoubles();
                floorRates[r] = p.table().ratesAsDoubles();
                basisOfRow[r] = p.basis().doubleValue();
            }
        }
        int m = stress.size();
        stressReturns = new double[m][rows];
        stressNames = new String[m];
        for (int i = 0; i < m; i++) {
            StressScenario sc = stress.scenarios().get(i);
            stressNames[i] = sc.name();
            for (UnderlyingId u : sc.returns().keySet()) {
                schedule.tierOf(u);
            }
            for (int r = 0; r < rows; r++) {
                stressReturns[i][r] = tierOfRow[r] == null ? 0.0 : sc.returnOf(us.get(r), tierOfRow[r]);
            }
        }
        BigDecimal mm = schedule.mmRatio().stripTrailingZeros();
        if (mm.scale() < 0) {
            mm = mm.setScale(0);
        }
        if (mm.scale() <= 12 && mm.unscaledValue().bitLength() < 20) {
            mmUnscaled = mm.unscaledValue().longValue();
            mmPow10 = BigDecimal.ONE.scaleByPowerOfTen(mm.scale()).longValueExact();
        } else {
            mmUnscaled = -1;
            mmPow10 = -1;
        }
    }

    /**
     * Prepares a context.
     *
     * @param schedule the schedule
     * @param scenarios the scenario set
     * @param stress the stress set, or {@code null} for the schedule's default ALL-DOWN/ALL-UP pair
     * @return the context
     * @throws IllegalArgumentException if a stress scenario names an underlying the schedule does not know
     */
    public static MarginContext of(Schedule schedule, ScenarioSet scenarios, StressSet stress) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        if (scenarios == null) {
            throw new IllegalArgumentException("scenarios must not be null");
        }
        return new MarginContext(schedule, scenarios, stress == null ? StressSet.defaultFor(schedule) : stress);
    }

    /** @return the schedule */
    public Schedule schedule() {
        return schedule;
    }

    /** @return the scenario set */
    public ScenarioSet scenarios() {
        return scenarios;
    }

    /** @return the stress set in use */
    public StressSet stress() {
        return stress;
    }

    /** @return {@code N}, the number of scenarios */
    public int scenarioCount() {
        return scenarios.size();
    }

    /** @return {@code k = ceil(N (1 - alpha))}, exact */
    public int tailCount() {
        return tailCount;
    }

    /** @return {@code w_stress} as a double */
    public double stressWeight() {
        return stressWeight;
    }

    /**
     * The scenario row of an underlying that the schedule margins.
     *
     * @param underlying the underlying
     * @return the row index
     * @throws IllegalArgumentException if the schedule or the scenario set does not know the underlying
     */
    public int rowOf(UnderlyingId underlying) {
        schedule.tierOf(underlying);
        return scenarios.requireIndex(underlying);
    }

    /**
     * @param row a row index
     * @return the underlying of the row
     */
    public UnderlyingId underlyingOf(int row) {
        return scenarios.underlyings().get(row);
    }

    /**
     * @param row a row index
     * @return the tier of the row's underlying, or {@code null} if the schedule does not margin it
     */
    public LiquidityTier tierOf(int row) {
        return tierOfRow[row];
    }

    double[] floorEdges(int row) {
        return floorEdges[row];
    }

    double[] floorRates(int row) {
        return floorRates[row];
    }

    double basis(int row) {
        return basisOfRow[row];
    }

    double[][] stressReturns() {
        return stressReturns;
    }

    /**
     * @param index index of a stress scenario
     * @return its name
     */
    public String stressName(int index) {
        return stressNames[index];
    }

    /** @return the number of rows (underlyings) of the scenario set */
    public int rowCount() {
        return tierOfRow.length;
    }

    /**
     * {@code MM = ceil_cents(mm_ratio * IM)} in cents, exact (margin-model.md step 8).
     *
     * @param imCents IM in cents, {@code >= 0}
     * @return MM in cents
     */
    public long mmCents(long imCents) {
        if (mmUnscaled >= 0 && imCents < (Long.MAX_VALUE >> 21)) {
            long num = imCents * mmUnscaled;
            long q = num / mmPow10;
            return q * mmPow10 == num ? q : q + 1;
        }
        return Money.ceilCents(schedule.mmRatio().multiply(Money.ofCents(imCents))).unscaledValue().longValueExact();
    }
}
