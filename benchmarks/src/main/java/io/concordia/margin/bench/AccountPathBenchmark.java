package io.concordia.margin.bench;

import io.concordia.margin.calc.AccountMargin;
import io.concordia.margin.calc.MarginCalculator;
import io.concordia.margin.calc.MarginContext;
import io.concordia.margin.calc.PortfolioEvaluator;
import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ProductKind;
import java.math.BigDecimal;
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
 * Benchmark (1c): the per-account path the service takes — {@link MarginCalculator#margin} on a {@link MarginAccount}
 * of exact positions and collateral, returning every component — over the same shape of book as the full run
 * (5 perpetuals per account, 1,000 scenarios of 20 underlyings). One operation is one account.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class AccountPathBenchmark {

    static final int ACCOUNTS = 10_000;
    static final int POSITIONS = 5;

    MarginContext ctx;
    PortfolioEvaluator evaluator;
    List<MarginAccount> accounts;
    int next;

    @Setup(Level.Trial)
    public void setUp() {
        ctx = MarginContext.of(BenchData.schedule(), BenchData.scenarios(1_000, 2026_11_25L), null);
        evaluator = new PortfolioEvaluator(ctx);
        SplittableRandom rnd = new SplittableRandom(42);
        accounts = new ArrayList<>(ACCOUNTS);
        for (int a = 0; a < ACCOUNTS; a++) {
            List<Position> positions = new ArrayList<>(POSITIONS);
            for (int p = 0; p < POSITIONS; p++) {
                String u = BenchData.underlying(rnd.nextInt(BenchData.UNDERLYINGS));
                double mark = 10 + rnd.nextDouble() * 50_000;
                BigDecimal price = BigDecimal.valueOf(mark).setScale(2, java.math.RoundingMode.HALF_EVEN);
                BigDecimal qty = BigDecimal.valueOf(BenchData.notional(rnd) / mark)
                        .setScale(6, java.math.RoundingMode.HALF_EVEN);
                positions.add(new Position(
                        Product.of(u + "-PERP-" + p, u, ProductKind.PERPETUAL),
                        qty,
                        price,
                        price.multiply(new BigDecimal("0.99")),
                        BigDecimal.ZERO));
            }
            accounts.add(new MarginAccount(
                    MarginMode.CROSS,
                    positions,
                    List.of(CollateralHolding.of("USD", Long.toString(40_000 + rnd.nextInt(80_000)), "1")),
                    "bench"));
        }
    }

    /** One account through the calculator, every component, fresh scratch per account. */
    @Benchmark
    public AccountMargin marginOneAccount() {
        return MarginCalculator.DEFAULT.margin(nextAccount(), ctx);
    }

    /** The same with one evaluator reused from account to account, as the service does per thread. */
    @Benchmark
    public AccountMargin marginOneAccountReusedEvaluator() {
        return MarginCalculator.DEFAULT.margin(nextAccount(), evaluator);
    }

    private MarginAccount nextAccount() {
        MarginAccount a = accounts.get(next);
        next = next + 1 == ACCOUNTS ? 0 : next + 1;
        return a;
    }
}
