package io.concordia.margin.scenario;

import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.UnderlyingId;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a joint scenario set by filtered historical simulation, docs/margin-model.md §3,
 * steps 1-6, each underlying filtered with its own variances and all underlyings sharing the historical dates.
 * For daily closes {@code P[t]}, t = 0..T:
 * <ol>
 * <li>{@code y[t] = ln(P[t]/P[t-1])}, t = 1..T;</li>
 * <li>{@code v[1] = mean(y[1..min(30,T)]^2)}; {@code v[t] = lambda v[t-1] + (1-lambda) y[t]^2} for t >= 2;</li>
 * <li>{@code vbar = mean(y[1..T]^2)}; {@code veff = max(v[T], phi^2 vbar)};</li>
 * <li>{@code x[t] = ln(P[t]/P[t-h])}, t = h..T;</li>
 * <li>{@code xf[t] = x[t] sqrt(veff / v[t])} ({@code 0} when {@code x[t] = 0}, which covers a constant price);
 *     {@code R[t] = exp(xf[t]) - 1};</li>
 * <li>keep the last {@code W} values of t (all by default).</li>
 * </ol>
 * Scenario {@code s} of the result is t = T - W' + 1 + s (oldest first). Deterministic and stateless.
 */
public final class ScenarioBuilder {

    /** The shared instance. */
    public static final ScenarioBuilder DEFAULT = new ScenarioBuilder();

    private ScenarioBuilder() {
    }

    /**
     * Builds a scenario set.
     *
     * @param id id of the new set (the caller names it; the core reads no clock)
     * @param history closes on a common grid
     * @param params horizon, decay, floor and window
     * @return the set, {@code N = min(W, T - h + 1)} scenarios per underlying
     * @throws IllegalArgumentException if there are fewer than {@code h + 1} closes, the window is larger than the
     *     scenarios available, or a return is not finite
     */
    public ScenarioSet build(String id, PriceHistory history, FhsParameters params) {
        int closes = history.dates().size();
        int tMax = closes - 1;
        int h = params.horizon();
        if (tMax < h) {
            throw new IllegalArgumentException("need at least horizon + 1 = " + (h + 1) + " closes, got: " + closes);
        }
        int available = tMax - h + 1;
        int keep = params.window() == null ? available : params.window();
        if (keep > available) {
            throw new IllegalArgumentException("window must be <= the " + available + " scenarios available from "
                    + closes + " closes at horizon " + h + ", got: " + keep);
        }
        double lambda = params.lambda().doubleValue();
        double phi = params.phi().doubleValue();
        Map<UnderlyingId, double[]> out = new LinkedHashMap<>();
        double[] y = new double[tMax + 1];
        double[] v = new double[tMax + 1];
        for (int i = 0; i < history.underlyings().size(); i++) {
            UnderlyingId u = history.underlyings().get(i);
            double[] p = history.row(i);
            double sumAll = 0.0;
            for (int t = 1; t <= tMax; t++) {
                y[t] = Math.log(p[t] / p[t - 1]);
                sumAll += y[t] * y[t];
            }
            int init = Math.min(30, tMax);
            double sumInit = 0.0;
            for (int t = 1; t <= init; t++) {
                sumInit += y[t] * y[t];
            }
            v[1] = sumInit / init;
            for (int t = 2; t <= tMax; t++) {
                v[t] = lambda * v[t - 1] + (1.0 - lambda) * y[t] * y[t];
            }
            double vbar = sumAll / tMax;
            double veff = Math.max(v[tMax], phi * phi * vbar);
            double[] r = new double[keep];
            int first = tMax - keep + 1;
            for (int t = first; t <= tMax; t++) {
                double x = Math.log(p[t] / p[t - h]);
                double xf = x == 0.0 ? 0.0 : x * Math.sqrt(veff / v[t]);
                double ret = Math.expm1(xf);
                if (!Double.isFinite(ret)) {
                    throw new IllegalArgumentException("filtered return of " + u + " on " + history.dates().get(t)
                            + " is not finite (x = " + x + ", v = " + v[t] + ", veff = " + veff + ")");
                }
                r[t - first] = ret;
            }
            out.put(u, r);
        }
        return ScenarioSet.of(id, out);
    }
}
