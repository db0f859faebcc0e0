package io.concordia.margin.bench;

import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.PriceHistory;
import io.concordia.margin.scenario.ScenarioBuilder;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Benchmark (3): building a filtered-historical-simulation scenario set (docs/margin-model.md §3 steps 1-6, h = 2,
 * lambda = 0.97, phi = 0.75, all windows) from 20 underlyings x 3 years of daily closes (1,096 closes each, 1,094
 * joint scenarios), including validation of the history and of the resulting set.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScenarioBuildBenchmark {

    /** Three years of synthetic daily closes for 20 underlyings. */
    @State(Scope.Benchmark)
    public static class History {
        PriceHistory history;
        List<LocalDate> dates;
        Map<UnderlyingId, double[]> closes;

        @Setup(Level.Trial)
        public void setUp() {
            int n = 3 * 365 + 1;
            dates = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                dates.add(LocalDate.of(2023, 11, 25).plusDays(t));
            }
            SplittableRandom rnd = new SplittableRandom(5);
            closes = new LinkedHashMap<>();
            for (int u = 0; u < BenchData.UNDERLYINGS; u++) {
                double[] p = new double[n];
                p[0] = 100 + u;
                for (int t = 1; t < n; t++) {
                    p[t] = p[t - 1] * Math.exp(BenchData.gaussian(rnd) * 0.03);
                }
                closes.put(UnderlyingId.of(BenchData.underlying(u)), p);
            }
            history = PriceHistory.of(dates, closes);
        }
    }

    /** Scenario building from an already validated history. */
    @Benchmark
    public ScenarioSet build(History h) {
        return ScenarioBuilder.DEFAULT.build("fhs-bench", h.history, FhsParameters.DEFAULT);
    }

    /** Validation of the raw closes (gaps, alignment, prices) plus scenario building. */
    @Benchmark
    public ScenarioSet validateAndBuild(History h) {
        return ScenarioBuilder.DEFAULT.build("fhs-bench", PriceHistory.of(h.dates, h.closes), FhsParameters.DEFAULT);
    }
}
