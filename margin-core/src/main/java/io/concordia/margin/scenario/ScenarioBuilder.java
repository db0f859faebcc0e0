package io.concordia.margin.scenario;

import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.UnderlyingId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds a joint scenario set by filtered historical simulation, docs/margin-model.md "Building a scenario set",
 * steps 1-6, each underlying filtered with its own variances and all underlyings sharing the historical dates. Each
 * instance implements one {@link ModelVersion}. For daily closes {@code P[t]}, t = 0..T:
 * <ol>
 * <li>{@code y[t] = ln(P[t]/P[t-1])}, t = 1..T;</li>
 * <li>{@code v[1] = mean(y[1..min(30,T)]^2)}; {@code v[t] = lambda v[t-1] + (1-lambda) y[t]^2} for t >= 2;</li>
 * <li>1.1: {@code vbar = mean(y[max(1,T-F+1)..T]^2)} (1.0: {@code mean(y[1..T]^2)}); {@code veff = max(v[T], phi^2 vbar)};</li>
 * <li>{@code x[t] = ln(P[t]/P[t-h])}, t = h+1..T (1.0: t = h..T);</li>
 * <li>1.1: {@code xf[t] = x[t] sqrt(veff / v[t-h])}, the forecast known when the window opened (1.0:
 *     {@code sqrt(veff / v[t])}); {@code xf[t] = 0} when {@code x[t] = 0}, which covers a constant price;
 *     {@code R[t] = exp(xf[t]) - 1};</li>
 * <li>keep the last {@code W} values of t (all by default).</li>
 * </ol>
 * Scenario {@code s} of the result is t = T - W' + 1 + s (oldest first). Deterministic and stateless.
 */
public final class ScenarioBuilder {

    /** Version 1.1, the rules of every new build. */
    public static final ScenarioBuilder V1_1 = new ScenarioBuilder(ModelVersion.V1_1);

    /** Version 1.0, only to rebuild sets stored under it. */
    public static final ScenarioBuilder V1_0 = new ScenarioBuilder(ModelVersion.V1_0);

    /** The builder of the current version, {@link ModelVersion#CURRENT}. */
    public static final ScenarioBuilder DEFAULT = V1_1;

    private final ModelVersion modelVersion;

    private ScenarioBuilder(ModelVersion modelVersion) {
        this.modelVersion = modelVersion;
    }

    /**
     * The builder of a version.
     *
     * @param version the version
     * @return its builder
     */
    public static ScenarioBuilder of(ModelVersion version) {
        return version == ModelVersion.V1_0 ? V1_0 : V1_1;
    }

    /** @return the model version this builder implements */
    public ModelVersion modelVersion() {
        return modelVersion;
    }

    /**
     * Builds a scenario set from a history that passed the input checks, with the record step 6 asks for.
     *
     * @param id id of the new set (the caller names it; the core reads no clock)
     * @param checked closes that passed {@link PriceHistoryValidator#validate}
     * @param params horizon, decay, floor, floor look-back and window
     * @return the set and its record
     * @throws IllegalArgumentException if the history is too short for the horizon or window, or a return is not finite
     */
    public ScenarioSetBuild build(String id, CheckedHistory checked, FhsParameters params) {
        ScenarioSet set = build(id, checked.history(), params);
        List<java.time.LocalDate> dates = checked.history().dates();
        return new ScenarioSetBuild(
                modelVersion,
                params,
                checked.checks(),
                set,
                dates.get(dates.size() - set.size()),
                dates.get(dates.size() - 1),
                dates.get(0),
                dates.size(),
                checked.closesSha256());
    }

    /**
     * Builds a scenario set: the arithmetic of steps 1-6 on a history whose input checks the caller has made.
     *
     * @param id id of the new set (the caller names it; the core reads no clock)
     * @param history closes on a common grid
     * @param params horizon, decay, floor, floor look-back and window
     * @return the set, {@code N = min(W, T - h)} scenarios per underlying ({@code T - h + 1} in version 1.0)
     * @throws IllegalArgumentException if there are too few closes for one scenario, the window is larger than the
     *     scenarios available, or a return is not finite
     */
    public ScenarioSet build(String id, PriceHistory history, FhsParameters params) {
        boolean v11 = modelVersion == ModelVersion.V1_1;
        int closes = history.dates().size();
        int tMax = closes - 1;
        int h = params.horizon();
        int firstT = v11 ? h + 1 : h;
        if (tMax < firstT) {
            throw new IllegalArgumentException("need at least " + (firstT + 1) + " closes at horizon " + h + " (model "
                    + modelVersion + "), got: " + closes);
        }
        int available = tMax - firstT + 1;
        int keep = params.window() == null ? available : params.window();
        if (keep > available) {
            throw new IllegalArgumentException("window must be <= the " + available + " scenarios available from "
                    + closes + " closes at horizon " + h + ", got: " + keep);
        }
        double lambda = params.lambda().doubleValue();
        double phi = params.phi().doubleValue();
        int floorFrom = v11 ? Math.max(1, tMax - params.floorLookback() + 1) : 1;
        Map<UnderlyingId, double[]> out = new LinkedHashMap<>();
        double[] y = new double[tMax + 1];
        double[] v = new double[tMax + 1];
        for (int i = 0; i < history.underlyings().size(); i++) {
            UnderlyingId u = history.underlyings().get(i);
            double[] p = history.row(i);
            Ewma.fill(p, lambda, y, v);
            double sumFloor = 0.0;
            for (int t = floorFrom; t <= tMax; t++) {
                sumFloor += y[t] * y[t];
            }
            double vbar = sumFloor / (tMax - floorFrom + 1);
            double veff = Math.max(v[tMax], phi * phi * vbar);
            double[] r = new double[keep];
            int first = tMax - keep + 1;
            for (int t = first; t <= tMax; t++) {
                double x = Math.log(p[t] / p[t - h]);
                double forecast = v11 ? v[t - h] : v[t];
                double xf = x == 0.0 ? 0.0 : x * Math.sqrt(veff / forecast);
                double ret = Math.expm1(xf);
                if (!Double.isFinite(ret)) {
                    throw new IllegalArgumentException(
                            "filtered return of " + u + " on " + history.dates().get(t) + " is not finite (x = " + x
                                    + ", forecast variance = " + forecast + ", veff = " + veff + ")");
                }
                r[t - first] = ret;
            }
            out.put(u, r);
        }
        return ScenarioSet.of(id, out).withHorizonDays(h);
    }
}
