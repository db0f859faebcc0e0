package io.concordia.margin.bench;

import io.concordia.margin.calc.AccountBook;
import io.concordia.margin.calc.MarginContext;
import io.concordia.margin.calc.MarginRun;
import io.concordia.margin.model.ScenarioSet;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Benchmark (1): a full margin run of 100,000 cross accounts x 5 positions over 1,000 joint scenarios of 20
 * underlyings at 99% (k = 10), every term of docs/margin-model.md (ES by linear top-k, stress, size floor, basis, IM/MM
 * to the cent, status), in accounts per second; side by side with a bare loop that only reads and sums the same
 * scenario rows for the same positions into the same P&amp;L vector (the compute/memory ceiling).
 *
 * <p>The {@code *TwoThreads} methods run {@code @Threads(2)}, each thread taking a disjoint half of the accounts
 * (one invocation = one half = 50,000 accounts), so the reported ops/s is accounts/s on both cores. The
 * {@code *OneThread} methods run all 100,000 accounts on one thread.
 *
 * <p>The forks, bare loop included, have the Vector API module, with which margin-core's TopK filters and orders its
 * candidates on SIMD lanes (the application without the module does it in scalar code, to the same numbers).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(
        value = 1,
        jvmArgsAppend = {"-Xms2g", "-Xmx2g", "--add-modules", "jdk.incubator.vector"})
public class FullMarginRunBenchmark {

    static final int ACCOUNTS = 100_000;
    static final int POSITIONS = 5;
    static final int SCENARIOS = 1_000;
    static final int HALF = ACCOUNTS / 2;

    /** The shared book and market data. */
    @State(Scope.Benchmark)
    public static class Book {
        MarginContext ctx;
        AccountBook book;
        ScenarioSet scenarios;
        final AtomicInteger nextHalf = new AtomicInteger();

        @Setup(Level.Trial)
        public void setUp() {
            scenarios = BenchData.scenarios(SCENARIOS, 2026_11_25L);
            ctx = MarginContext.of(BenchData.schedule(), scenarios, null);
            if (ctx.tailCount() != 10) {
                throw new IllegalStateException("expected k = 10, got " + ctx.tailCount());
            }
            SplittableRandom rnd = new SplittableRandom(42);
            int[] start = new int[ACCOUNTS + 1];
            int[] rows = new int[ACCOUNTS * POSITIONS];
            double[] notionals = new double[ACCOUNTS * POSITIONS];
            long[] equity = new long[ACCOUNTS];
            for (int a = 0; a < ACCOUNTS; a++) {
                start[a] = a * POSITIONS;
                for (int p = 0; p < POSITIONS; p++) {
                    rows[a * POSITIONS + p] = ctx.rowOf(io.concordia.margin.model.UnderlyingId.of(
                            BenchData.underlying(rnd.nextInt(BenchData.UNDERLYINGS))));
                    notionals[a * POSITIONS + p] = BenchData.notional(rnd);
                }
                equity[a] = (long) (rnd.nextDouble() * 1e9);
            }
            start[ACCOUNTS] = ACCOUNTS * POSITIONS;
            book = AccountBook.of(start, rows, notionals, equity, ctx);
        }
    }

    /** Per-thread scratch and output, and which half of the book the thread owns. */
    @State(Scope.Thread)
    public static class Worker {
        MarginRun run;
        long[] im;
        long[] mm;
        byte[] status;
        double[] pnl;
        double[][] rowsOf;
        int from;
        int to;

        @Setup(Level.Trial)
        public void setUp(Book b) {
            run = new MarginRun(b.ctx);
            im = new long[ACCOUNTS];
            mm = new long[ACCOUNTS];
            status = new byte[ACCOUNTS];
            pnl = new double[SCENARIOS];
            rowsOf = new double[b.ctx.rowCount()][];
            for (int r = 0; r < rowsOf.length; r++) {
                rowsOf[r] = b.scenarios.row(r);
            }
            int half = b.nextHalf.getAndIncrement() % 2;
            from = half * HALF;
            to = from + HALF;
        }
    }

    /** The margin run, both cores, each thread on its half. */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(HALF)
    public long marginRunTwoThreads(Book b, Worker w) {
        w.run.run(b.book, w.from, w.to, w.im, w.mm, w.status);
        return w.im[w.from] + w.mm[w.to - 1];
    }

    /** The bare loop, both cores, each thread on its half. */
    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(HALF)
    public void bareLoopTwoThreads(Book b, Worker w, Blackhole bh) {
        bare(b.book, w, w.from, w.to, bh);
    }

    /** The margin run on one core over all accounts. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(ACCOUNTS)
    public long marginRunOneThread(Book b, Worker w) {
        w.run.run(b.book, 0, ACCOUNTS, w.im, w.mm, w.status);
        return w.im[0] + w.mm[ACCOUNTS - 1];
    }

    /** The bare loop on one core over all accounts. */
    @Benchmark
    @Threads(1)
    @OperationsPerInvocation(ACCOUNTS)
    public void bareLoopOneThread(Book b, Worker w, Blackhole bh) {
        bare(b.book, w, 0, ACCOUNTS, bh);
    }

    /** Reads the same rows for the same positions and sums them into a P&amp;L vector per account; nothing else. */
    private static void bare(AccountBook book, Worker w, int from, int to, Blackhole bh) {
        int[] start = book.start();
        int[] rows = book.rows();
        double[] notionals = book.notionals();
        double[][] rowsOf = w.rowsOf;
        double[] pnl = w.pnl;
        int n = pnl.length;
        for (int a = from; a < to; a++) {
            int p0 = start[a];
            int p1 = start[a + 1];
            double c0 = notionals[p0];
            double[] r0 = rowsOf[rows[p0]];
            for (int s = 0; s < n; s++) {
                pnl[s] = c0 * r0[s];
            }
            for (int p = p0 + 1; p < p1; p++) {
                double c = notionals[p];
                double[] r = rowsOf[rows[p]];
                for (int s = 0; s < n; s++) {
                    pnl[s] += c * r[s];
                }
            }
            bh.consume(pnl[a % n]);
        }
    }
}
