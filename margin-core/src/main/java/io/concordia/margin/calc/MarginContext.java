package io.concordia.margin.calc;

import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.OptionTierParameters;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.StressScenario;
import io.concordia.margin.model.StressSet;
import io.concordia.margin.model.TierParameters;
import io.concordia.margin.model.UnderlyingId;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The market inputs of a margin run prepared as primitive arrays, one slot per row of the scenario set
 * (docs/margin-model.md §4): the tier table, basis rate and stress returns of every
 * underlying, {@code k}, {@code w_stress} and the maintenance ratio, and the scenario means and covariances of the
 * rows (used only to guess where the loss tail starts, see {@link TopK}). Immutable and thread-safe; build once
 * per (schedule, scenario set, stress set) and share: building reads every row once per pair of rows,
 * {@code O(U^2 N)}.
 */
public final class MarginContext {

    /** How many times k scenarios the tight tail guess expects above it (see {@link #tailGuesses}). */
    static final double TIGHT_TAIL = 1.5;

    /** How many times k the loose guess, tried when the tight one leaves fewer than k, expects above it. */
    static final double LOOSE_TAIL = 4.0;

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
    /** Mean return of each row, and covariance between rows, over the scenarios: used only to guess the tail threshold. */
    private final double[] meanOfRow;

    private final double[][] covOfRows;
    /** Normal quantiles that put about {@link #TIGHT_TAIL} and {@link #LOOSE_TAIL} times k of N scenarios above. */
    private final double tightTailZ;

    private final double looseTailZ;
    /** The stress set of portfolios that hold options: the given one, or the four-scenario default. */
    private final StressSet optionStress;
    /** optionStressReturns[psi][row]. */
    private final double[][] optionStressReturns;
    /** optionStressVolMultipliers[psi][row]: {@code 1 + shift}, or NaN where the spot-volatility rule applies. */
    private final double[][] optionStressVolMultipliers;

    private final String[] optionStressNames;
    private final double[] spotVolBetaOfRow;
    private final double[] volUpOfRow;
    private final double[] volDownOfRow;
    private final double[] shortOptionMinimumOfRow;
    /** Per row, {@code ln(1 + R[s])}: computed on first use by an option valuation, then shared by all its options. */
    private final AtomicReferenceArray<double[]> logGrowthOfRow;
    /** Per row, the spot-volatility multiplier of every scenario: computed on first use, like the log growth. */
    private final AtomicReferenceArray<double[]> volMultipliersOfRow;

    private MarginContext(Schedule schedule, ScenarioSet scenarios, StressSet stress, StressSet optionStress) {
        this.schedule = schedule;
        this.scenarios = scenarios;
        this.stress = stress;
        this.optionStress = optionStress;
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
        spotVolBetaOfRow = new double[rows];
        volUpOfRow = new double[rows];
        volDownOfRow = new double[rows];
        shortOptionMinimumOfRow = new double[rows];
        for (int r = 0; r < rows; r++) {
            if (tierOfRow[r] != null) {
                OptionTierParameters o = schedule.optionParametersOf(tierOfRow[r]);
                spotVolBetaOfRow[r] = o.spotVolBeta().doubleValue();
                volUpOfRow[r] = o.volUp().doubleValue();
                volDownOfRow[r] = o.volDown().doubleValue();
                shortOptionMinimumOfRow[r] = o.shortOptionMinimum().doubleValue();
            }
        }
        int mo = optionStress.size();
        optionStressReturns = new double[mo][rows];
        optionStressVolMultipliers = new double[mo][rows];
        optionStressNames = new String[mo];
        for (int i = 0; i < mo; i++) {
            StressScenario sc = optionStress.scenarios().get(i);
            optionStressNames[i] = sc.name();
            for (UnderlyingId u : sc.volShifts().keySet()) {
                schedule.tierOf(u);
            }
            for (int r = 0; r < rows; r++) {
                LiquidityTier tier = tierOfRow[r];
                optionStressReturns[i][r] = tier == null ? 0.0 : sc.returnOf(us.get(r), tier);
                Double shift = tier == null ? null : sc.volShiftOf(us.get(r), tier);
                optionStressVolMultipliers[i][r] = shift == null ? Double.NaN : 1.0 + shift;
            }
        }
        logGrowthOfRow = new AtomicReferenceArray<>(rows);
        volMultipliersOfRow = new AtomicReferenceArray<>(rows);
        meanOfRow = new double[rows];
        covOfRows = new double[rows][rows];
        int n = scenarios.size();
        for (int r = 0; r < rows; r++) {
            double[] x = scenarios.row(r);
            double sum = 0.0;
            for (int s = 0; s < n; s++) {
                sum += x[s];
            }
            meanOfRow[r] = sum / n;
        }
        for (int a = 0; a < rows; a++) {
            double[] x = scenarios.row(a);
            for (int b = 0; b <= a; b++) {
                double[] y = scenarios.row(b);
                double ma = meanOfRow[a];
                double mb = meanOfRow[b];
                double c = 0.0;
                for (int s = 0; s < n; s++) {
                    c += (x[s] - ma) * (y[s] - mb);
                }
                covOfRows[a][b] = c / n;
                covOfRows[b][a] = c / n;
            }
        }
        tightTailZ = inverseNormal(1.0 - Math.min(0.5, TIGHT_TAIL * tailCount / n));
        looseTailZ = inverseNormal(1.0 - Math.min(0.5, LOOSE_TAIL * tailCount / n));
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
        return new MarginContext(
                schedule,
                scenarios,
                stress == null ? StressSet.defaultFor(schedule) : stress,
                stress == null ? StressSet.defaultWithOptionsFor(schedule) : stress);
    }

    /**
     * @return the stress set of portfolios that hold options: the given one, or without one the default
     *     {@code ALL-DOWN}, {@code ALL-UP}, {@code VOL-UP}, {@code VOL-DOWN} of docs/margin-model.md §8.5
     */
    public StressSet optionStress() {
        return optionStress;
    }

    double[][] optionStressReturns() {
        return optionStressReturns;
    }

    double[][] optionStressVolMultipliers() {
        return optionStressVolMultipliers;
    }

    /**
     * @param index index of a scenario of {@link #optionStress()}
     * @return its name
     */
    public String optionStressName(int index) {
        return optionStressNames[index];
    }

    /**
     * The spot-volatility rule of a row's tier (docs/margin-model.md §8.4).
     *
     * @param row a row index
     * @param r the row's return
     * @return {@code clamp(1 - kappa R, 1 - vDown, 1 + vUp)}
     */
    double volMultiplier(int row, double r) {
        double m = 1.0 - spotVolBetaOfRow[row] * r;
        return Math.min(Math.max(m, 1.0 - volDownOfRow[row]), 1.0 + volUpOfRow[row]);
    }

    /**
     * {@code ln(1 + R[row][s])} over the scenarios, for {@link io.concordia.margin.option.Black76#values}: the
     * underlying's part of every option's log-moneyness, computed once per context, not once per option. Portfolios
     * without options never ask for it, so a context built for them does not pay for it.
     *
     * @param row a row index
     * @return the row's log growth per scenario (shared: do not modify)
     */
    double[] logGrowth(int row) {
        double[] cached = logGrowthOfRow.get(row);
        if (cached != null) {
            return cached;
        }
        double[] returns = scenarios.row(row);
        double[] growth = new double[returns.length];
        for (int s = 0; s < growth.length; s++) {
            growth[s] = Math.log(1.0 + returns[s]);
        }
        // two threads may both compute it; either result is the same array of numbers
        logGrowthOfRow.compareAndSet(row, null, growth);
        return logGrowthOfRow.get(row);
    }

    /**
     * {@link #volMultiplier} of every scenario of a row, computed once per context and shared by its options.
     *
     * @param row a row index
     * @return the row's volatility multiplier per scenario (shared: do not modify)
     */
    double[] volMultipliers(int row) {
        double[] cached = volMultipliersOfRow.get(row);
        if (cached != null) {
            return cached;
        }
        double[] returns = scenarios.row(row);
        double[] multipliers = new double[returns.length];
        for (int s = 0; s < multipliers.length; s++) {
            multipliers[s] = volMultiplier(row, returns[s]);
        }
        volMultipliersOfRow.compareAndSet(row, null, multipliers);
        return volMultipliersOfRow.get(row);
    }

    /**
     * @param row a row index
     * @return the short option minimum rate {@code som} of the row's tier
     */
    double shortOptionMinimum(int row) {
        return shortOptionMinimumOfRow[row];
    }

    /** @return the scenario set's horizon {@code h / 365}, years */
    double horizonYears() {
        return scenarios.horizonDays() / 365.0;
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
     * Whether this context can price an underlying: the schedule assigns it a liquidity tier and the scenario set
     * has its history.
     *
     * @param underlying the underlying
     * @return whether {@link #rowOf} would find it
     */
    public boolean covers(UnderlyingId underlying) {
        return schedule.underlyings().containsKey(underlying) && scenarios.indexOf(underlying) >= 0;
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
     * Guesses of a lower bound of the k-th largest loss, for {@link TopK}: mean loss plus {@code z} standard
     * deviations, from the scenario means and covariances of the rows. The tight guess puts about
     * {@code 1.5k} of {@code N} scenarios above it under normality, the loose one about {@code 4k}. Every
     * candidate above the threshold costs TopK a mispredicted branch or two and a place in the ordering, so the
     * first guess aims close to {@code k}; when a tail is thinner than normal and fewer than {@code k} are above it
     * (about 1% of the accounts of the benchmark book), the loose guess is tried before the always-valid bound.
     * Only speed depends on them: TopK checks each by counting.
     *
     * @param rows the rows with exposure
     * @param count how many entries of {@code rows} and {@code lossExposure} are used
     * @param lossExposure per row, the loss per unit return ({@code -net notional})
     * @param guesses receives the tight guess at {@code [0]} and the loose one at {@code [1]}
     */
    void tailGuesses(int[] rows, int count, double[] lossExposure, double[] guesses) {
        double mu = 0.0;
        double var = 0.0;
        for (int i = 0; i < count; i++) {
            int a = rows[i];
            double ea = lossExposure[a];
            mu += ea * meanOfRow[a];
            double[] ca = covOfRows[a];
            double inner = 0.0;
            for (int j = 0; j < count; j++) {
                int b = rows[j];
                inner += ca[b] * lossExposure[b];
            }
            var += ea * inner;
        }
        double sd = Math.sqrt(Math.max(0.0, var));
        guesses[0] = mu + tightTailZ * sd;
        guesses[1] = mu + looseTailZ * sd;
    }

    /** Acklam's rational approximation of the standard normal quantile (relative error below 1.2e-9). */
    static double inverseNormal(double p) {
        if (p <= 0.0 || p >= 1.0) {
            throw new IllegalArgumentException("p must be in (0, 1), got: " + p);
        }
        double[] a = {
            -3.969683028665376e+01,
            2.209460984245205e+02,
            -2.759285104469687e+02,
            1.383577518672690e+02,
            -3.066479806614716e+01,
            2.506628277459239e+00
        };
        double[] b = {
            -5.447609879822406e+01,
            1.615858368580409e+02,
            -1.556989798598866e+02,
            6.680131188771972e+01,
            -1.328068155288572e+01
        };
        double[] c = {
            -7.784894002430293e-03,
            -3.223964580411365e-01,
            -2.400758277161838e+00,
            -2.549732539343734e+00,
            4.374664141464968e+00,
            2.938163982698783e+00
        };
        double[] d = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double pLow = 0.02425;
        if (p < pLow) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p <= 1 - pLow) {
            double q = p - 0.5;
            double r = q * q;
            return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
                    * q
                    / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        double q = Math.sqrt(-2 * Math.log(1 - p));
        return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }

    /**
     * {@code MM = ceil_cents(mm_ratio * IM)} in cents, exact (docs/margin-model.md §4 step 8).
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
        return Money.ceilCents(schedule.mmRatio().multiply(Money.ofCents(imCents)))
                .unscaledValue()
                .longValueExact();
    }
}
