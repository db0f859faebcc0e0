package io.concordia.margin.bench;

import io.concordia.margin.calc.AccountBook;
import io.concordia.margin.calc.MarginContext;
import io.concordia.margin.calc.MarginRun;
import io.concordia.margin.calc.OptionSeries;
import io.concordia.margin.calc.OptionValuation;
import io.concordia.margin.calc.OptionValuations;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionRight;
import io.concordia.margin.model.OptionTierParameters;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.option.Black76;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A full margin run of 100,000 cross accounts x (5 perpetual/future positions + 10 option positions) over 1,000
 * joint scenarios of 20 underlyings at 99% (k = 10), with full revaluation of the options (docs/margin-model.md §8),
 * in accounts per second; beside the same accounts without their options, and beside a bare loop that only prices
 * every distinct option once per scenario with the scalar {@link Black76#value} (the floor of full revaluation).
 *
 * <p>One run is what the service does for one market snapshot: value the chain (each of the 600 distinct option
 * series once under the 1,000 scenarios and the 4 option stress scenarios, {@link AccountBook#valueOptions}), then
 * margin every account ({@link MarginRun}). The {@code *TwoThreads} methods run it on two threads, the benchmark's
 * own and one worker: first each values half the chain, both wait for the whole chain, then each margins half the
 * accounts. So {@link #runWithOptionsTwoThreads}'s accounts/s carries the valuation step amortised over the run's
 * accounts, and {@link #optionPricingTwoThreads} measures that step alone, in milliseconds per run, to set beside
 * {@link #barePricingTwoThreads}. The {@code *OneThread} methods do the same on one thread.
 */
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public class OptionsMarginRunBenchmark {

    static final int ACCOUNTS = 100_000;
    static final int LINEAR_POSITIONS = 5;
    static final int OPTION_POSITIONS = 10;
    static final int SCENARIOS = 1_000;
    static final int HORIZON_DAYS = 2;
    static final int[] EXPIRY_DAYS = {7, 30, 90};
    static final double[] STRIKES = {0.8, 0.9, 1.0, 1.1, 1.2};
    static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

    /** The books, the chain and the market, shared by the threads; two runners and the worker thread. */
    @State(Scope.Benchmark)
    public static class Run {
        ScenarioSet scenarios;
        MarginContext ctx;
        OptionMarket market;
        /** 100,000 accounts x (5 linear + 10 options). */
        AccountBook withOptions;
        /** The same accounts, the same 5 linear positions each, no options. */
        AccountBook linearOnly;
        /** Per series, its inputs for the bare loop. */
        OptionRight[] rights;

        double[] forwards;
        double[] strikes;
        double[] sigmas;
        double[] taus;
        int[] rowOf;
        /** Per row, the spot-volatility multiplier of every scenario (§8.4), for the bare loop. */
        double[][] volMultipliers;

        final MarginRun[] runners = new MarginRun[2];
        final double[][] bareOut = new double[2][SCENARIOS];
        long[] im = new long[ACCOUNTS];
        long[] mm = new long[ACCOUNTS];
        byte[] status = new byte[ACCOUNTS];
        ExecutorService worker;

        @Setup(Level.Trial)
        public void setUp() {
            scenarios = BenchData.scenarios(SCENARIOS, 2026_11_25L).withHorizonDays(HORIZON_DAYS);
            ctx = MarginContext.of(BenchData.schedule(), scenarios, null);
            if (ctx.tailCount() != 10) {
                throw new IllegalStateException("expected k = 10, got " + ctx.tailCount());
            }
            SplittableRandom rnd = new SplittableRandom(42);
            Map<UnderlyingId, BigDecimal> forwardOf = new LinkedHashMap<>();
            double[] forwardOfRow = new double[ctx.rowCount()];
            int[] rowOfUnderlying = new int[BenchData.UNDERLYINGS];
            for (int u = 0; u < BenchData.UNDERLYINGS; u++) {
                // forwards from 0.1 to 100,000 USD, like the listed range from small tokens to BTC
                BigDecimal f = BigDecimal.valueOf(Math.pow(10, -1 + 6.0 * u / (BenchData.UNDERLYINGS - 1)))
                        .round(new java.math.MathContext(5));
                UnderlyingId id = UnderlyingId.of(BenchData.underlying(u));
                forwardOf.put(id, f);
                rowOfUnderlying[u] = ctx.rowOf(id);
                forwardOfRow[rowOfUnderlying[u]] = f.doubleValue();
            }
            market = new OptionMarket(NOW, forwardOf);
            List<OptionSeries> chain = chain(forwardOf, rnd);
            int seriesCount = chain.size();
            rights = new OptionRight[seriesCount];
            forwards = new double[seriesCount];
            strikes = new double[seriesCount];
            sigmas = new double[seriesCount];
            taus = new double[seriesCount];
            rowOf = new int[seriesCount];
            for (int o = 0; o < seriesCount; o++) {
                Product p = chain.get(o).product();
                rowOf[o] = ctx.rowOf(p.underlying());
                rights[o] = p.option().right();
                forwards[o] = forwardOfRow[rowOf[o]];
                strikes[o] = p.option().strike().doubleValue();
                sigmas[o] = chain.get(o).iv().doubleValue();
                taus[o] = Black76.yearsToExpiry(NOW, p.option().expiry());
            }
            volMultipliers = new double[ctx.rowCount()][];
            for (int r = 0; r < ctx.rowCount(); r++) {
                OptionTierParameters tier = ctx.schedule().optionParametersOf(ctx.tierOf(r));
                double kappa = tier.spotVolBeta().doubleValue();
                double low = 1.0 - tier.volDown().doubleValue();
                double high = 1.0 + tier.volUp().doubleValue();
                double[] returns = scenarios.row(r);
                volMultipliers[r] = new double[SCENARIOS];
                for (int s = 0; s < SCENARIOS; s++) {
                    volMultipliers[r][s] = Math.min(Math.max(1.0 - kappa * returns[s], low), high);
                }
            }

            int perAccount = LINEAR_POSITIONS + OPTION_POSITIONS;
            int[] start = new int[ACCOUNTS + 1];
            int[] rows = new int[ACCOUNTS * perAccount];
            double[] notionals = new double[ACCOUNTS * perAccount];
            int[] optionOf = new int[ACCOUNTS * perAccount];
            double[] quantities = new double[ACCOUNTS * perAccount];
            int[] linearStart = new int[ACCOUNTS + 1];
            int[] linearRows = new int[ACCOUNTS * LINEAR_POSITIONS];
            double[] linearNotionals = new double[ACCOUNTS * LINEAR_POSITIONS];
            long[] equity = new long[ACCOUNTS];
            for (int a = 0; a < ACCOUNTS; a++) {
                start[a] = a * perAccount;
                linearStart[a] = a * LINEAR_POSITIONS;
                for (int p = 0; p < LINEAR_POSITIONS; p++) {
                    int i = a * perAccount + p;
                    rows[i] = rowOfUnderlying[rnd.nextInt(BenchData.UNDERLYINGS)];
                    notionals[i] = BenchData.notional(rnd);
                    optionOf[i] = -1;
                    linearRows[a * LINEAR_POSITIONS + p] = rows[i];
                    linearNotionals[a * LINEAR_POSITIONS + p] = notionals[i];
                }
                for (int p = 0; p < OPTION_POSITIONS; p++) {
                    int i = a * perAccount + LINEAR_POSITIONS + p;
                    int o = rnd.nextInt(seriesCount);
                    optionOf[i] = o;
                    rows[i] = rowOf[o];
                    quantities[i] = BenchData.notional(rnd) / forwards[o];
                }
                equity[a] = (long) (rnd.nextDouble() * 1e9);
            }
            start[ACCOUNTS] = ACCOUNTS * perAccount;
            linearStart[ACCOUNTS] = ACCOUNTS * LINEAR_POSITIONS;
            withOptions = AccountBook.of(start, rows, notionals, optionOf, quantities, chain, equity, ctx);
            linearOnly = AccountBook.of(linearStart, linearRows, linearNotionals, equity, ctx);
            runners[0] = new MarginRun(ctx);
            runners[1] = new MarginRun(ctx);
            worker = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "margin-run-worker");
                t.setDaemon(true);
                return t;
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            worker.shutdownNow();
        }

        /** Runs {@code half.accept(0)} on the worker and {@code half.accept(1)} here, and waits for both. */
        void onTwoThreads(IntConsumer half) {
            Future<?> other = worker.submit(() -> half.accept(0));
            half.accept(1);
            try {
                other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
    }

    /**
     * 20 underlyings x 3 expiries x 5 strikes x call/put = 600 series; implied volatility from 40% to 100% by
     * underlying with a smile in the strike.
     */
    static List<OptionSeries> chain(Map<UnderlyingId, BigDecimal> forwardOf, SplittableRandom rnd) {
        List<OptionSeries> chain = new ArrayList<>();
        for (Map.Entry<UnderlyingId, BigDecimal> e : forwardOf.entrySet()) {
            double atm = 0.4 + 0.6 * rnd.nextDouble();
            for (int days : EXPIRY_DAYS) {
                Instant expiry = NOW.plusSeconds(days * 86400L);
                for (double moneyness : STRIKES) {
                    BigDecimal strike =
                            e.getValue().multiply(BigDecimal.valueOf(moneyness)).round(new java.math.MathContext(4));
                    BigDecimal iv = BigDecimal.valueOf(atm * (1 + 0.8 * (moneyness - 1) * (moneyness - 1)))
                            .setScale(4, RoundingMode.HALF_UP);
                    for (OptionRight right : OptionRight.values()) {
                        String id = e.getKey().code() + "-" + days + "D-" + strike.toPlainString() + "-"
                                + right.name().charAt(0);
                        chain.add(new OptionSeries(
                                Product.option(id, e.getKey().code(), strike.toPlainString(), right, expiry), iv));
                    }
                }
            }
        }
        return chain;
    }

    /** (a) The full run with options on two threads: value the chain, then margin the accounts. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    @OperationsPerInvocation(ACCOUNTS)
    public long runWithOptionsTwoThreads(Run r) {
        OptionValuation[] options = valueChain(r, true);
        r.onTwoThreads(half -> r.runners[half].run(
                r.withOptions, options, half * ACCOUNTS / 2, (half + 1) * ACCOUNTS / 2, r.im, r.mm, r.status));
        return r.im[0] + r.mm[ACCOUNTS - 1];
    }

    /** (b) The same accounts without their options, two threads. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    @OperationsPerInvocation(ACCOUNTS)
    public long runWithoutOptionsTwoThreads(Run r) {
        r.onTwoThreads(half -> r.runners[half].run(
                r.linearOnly, half * ACCOUNTS / 2, (half + 1) * ACCOUNTS / 2, r.im, r.mm, r.status));
        return r.im[0] + r.mm[ACCOUNTS - 1];
    }

    /** (c) The bare pricing loop, two threads: every series once per scenario with the scalar Black-76, nothing else. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(1)
    public double barePricingTwoThreads(Run r) {
        double[] checksum = new double[2];
        int count = r.rights.length;
        r.onTwoThreads(half -> checksum[half] = bare(r, half * count / 2, (half + 1) * count / 2, r.bareOut[half]));
        return checksum[0] + checksum[1];
    }

    /** (d) The valuation step of (a) alone, two threads: the chain under all scenarios and the option stress set. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(1)
    public OptionValuation[] optionPricingTwoThreads(Run r) {
        return valueChain(r, true);
    }

    /** (a) on one thread. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    @OperationsPerInvocation(ACCOUNTS)
    public long runWithOptionsOneThread(Run r) {
        OptionValuation[] options = valueChain(r, false);
        r.runners[0].run(r.withOptions, options, 0, ACCOUNTS, r.im, r.mm, r.status);
        return r.im[0] + r.mm[ACCOUNTS - 1];
    }

    /** (b) on one thread. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Threads(1)
    @OperationsPerInvocation(ACCOUNTS)
    public long runWithoutOptionsOneThread(Run r) {
        r.runners[0].run(r.linearOnly, 0, ACCOUNTS, r.im, r.mm, r.status);
        return r.im[0] + r.mm[ACCOUNTS - 1];
    }

    /** (c) on one thread. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(1)
    public double barePricingOneThread(Run r) {
        return bare(r, 0, r.rights.length, r.bareOut[0]);
    }

    /** (d) on one thread. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Threads(1)
    public OptionValuation[] optionPricingOneThread(Run r) {
        return valueChain(r, false);
    }

    /** The run's valuation step: a fresh memo (a new snapshot), every series of the book valued once. */
    private static OptionValuation[] valueChain(Run r, boolean twoThreads) {
        OptionValuations valuations = OptionValuations.of(r.ctx, r.market);
        int count = r.withOptions.optionCount();
        OptionValuation[] options = new OptionValuation[count];
        if (twoThreads) {
            r.onTwoThreads(
                    half -> r.withOptions.valueOptions(valuations, half * count / 2, (half + 1) * count / 2, options));
        } else {
            r.withOptions.valueOptions(valuations, 0, count, options);
        }
        return options;
    }

    /**
     * Series {@code [from, to)} priced once per scenario by the scalar Black-76 into a P&amp;L vector, model value to
     * model value (§8.4), and nothing else: no stress scenarios, no Greeks, no sharing of logarithms.
     */
    private static double bare(Run r, int from, int to, double[] pnl) {
        double tauDecay = HORIZON_DAYS / 365.0;
        double checksum = 0.0;
        for (int o = from; o < to; o++) {
            OptionRight right = r.rights[o];
            double f = r.forwards[o];
            double k = r.strikes[o];
            double sigma = r.sigmas[o];
            double tauH = Math.max(0.0, r.taus[o] - tauDecay);
            double base = Black76.value(right, f, k, sigma, r.taus[o]);
            double[] returns = r.scenarios.row(r.rowOf[o]);
            double[] multipliers = r.volMultipliers[r.rowOf[o]];
            for (int s = 0; s < SCENARIOS; s++) {
                pnl[s] = Black76.value(right, f * (1.0 + returns[s]), k, sigma * multipliers[s], tauH) - base;
            }
            checksum += pnl[o % SCENARIOS];
        }
        return checksum;
    }
}
