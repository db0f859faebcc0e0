package io.concordia.margin.bench;

import io.concordia.margin.calc.IncrementalPortfolio;
import io.concordia.margin.calc.MarginContext;
import io.concordia.margin.calc.PortfolioRequirement;
import io.concordia.margin.calc.RiskFigures;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
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
 * Benchmark (2): incremental recompute of one 20-position cross account after one trade: the trade updates the
 * account's 1,000-scenario loss vector in one O(N) pass, then ES (linear top-k, k = 10), stress, floor, spread and
 * IM/MM are re-evaluated. SampleTime mode for the latency distribution (p99). {@code tradeThenEvaluate} is the
 * allocation-free path ({@link RiskFigures}); {@code tradeThenFullDetail} also builds the full result record
 * (per-underlying floors/spreads, per-position ES contributions).
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class IncrementalBenchmark {

    /** One account and two alternative sizes of the traded position. */
    @State(Scope.Thread)
    public static class Account {
        IncrementalPortfolio portfolio;
        Position before;
        Position after;
        boolean flip;
        final RiskFigures figures = new RiskFigures();

        @Setup(Level.Trial)
        public void setUp() {
            MarginContext ctx = MarginContext.of(BenchData.schedule(), BenchData.scenarios(1_000, 7L), null);
            SplittableRandom rnd = new SplittableRandom(3);
            List<Position> ps = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String u = BenchData.underlying(i);
                Product p = i % 2 == 0 ? Product.perpetual(u + "-PERP", u) : Product.future(u + "-FUT", u, null);
                BigDecimal mark = BigDecimal.valueOf(10 + rnd.nextInt(5000));
                BigDecimal q = BigDecimal.valueOf(BenchData.notional(rnd)).divide(mark, 4, RoundingMode.HALF_UP);
                ps.add(new Position(p, q, mark, mark));
            }
            portfolio = IncrementalPortfolio.of(ctx, ps);
            before = ps.get(7);
            after = before.withQuantity(before.quantity().add(new BigDecimal("12.5")));
        }
    }

    /** One trade (alternately buying and selling 12.5 units of one product), then re-evaluation. */
    @Benchmark
    public long tradeThenEvaluate(Account a) {
        a.flip = !a.flip;
        a.portfolio.set(a.flip ? a.after : a.before);
        return a.portfolio.evaluate(a.figures).imCents();
    }

    /** The same, returning the full detail record. */
    @Benchmark
    public PortfolioRequirement tradeThenFullDetail(Account a) {
        a.flip = !a.flip;
        a.portfolio.set(a.flip ? a.after : a.before);
        return a.portfolio.requirement();
    }
}
