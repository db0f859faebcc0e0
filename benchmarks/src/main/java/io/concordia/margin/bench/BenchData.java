package io.concordia.margin.bench;

import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.UnderlyingId;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Seeded synthetic market data shared by the benchmarks (the benchmark, not the core, may use a random source). */
final class BenchData {

    static final int UNDERLYINGS = 20;

    private BenchData() {}

    static String underlying(int i) {
        return "U" + i;
    }

    static Schedule schedule() {
        Schedule s = Schedule.defaults().withVersion("bench.1").withConfidence(new BigDecimal("0.99"));
        for (int i = 0; i < UNDERLYINGS; i++) {
            LiquidityTier tier = i < 4 ? LiquidityTier.T1 : i < 12 ? LiquidityTier.T2 : LiquidityTier.T3;
            s = s.withUnderlying(UnderlyingId.of(underlying(i)), tier);
        }
        return s;
    }

    static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }

    /** N joint scenarios for 20 underlyings: one market factor plus noise, occasional jumps. */
    static ScenarioSet scenarios(int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] f = new double[n];
        for (int s = 0; s < n; s++) {
            f[s] = gaussian(rnd) * 0.03 * (rnd.nextInt(25) == 0 ? 3 : 1);
        }
        Map<UnderlyingId, double[]> m = new LinkedHashMap<>();
        for (int u = 0; u < UNDERLYINGS; u++) {
            double[] r = new double[n];
            for (int s = 0; s < n; s++) {
                r[s] = Math.max(-0.9, (0.7 + 0.03 * u) * f[s] + gaussian(rnd) * 0.02);
            }
            m.put(UnderlyingId.of(underlying(u)), r);
        }
        return ScenarioSet.of("bench-" + n, m);
    }

    /** Random signed notional, USD, log-uniform between 1e3 and 1e7. */
    static double notional(SplittableRandom rnd) {
        return Math.pow(10, 3 + 4 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
    }
}
