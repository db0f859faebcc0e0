package io.concordia.margin.calc;

import java.util.Arrays;

/**
 * The hot kernel of docs/margin-model.md §4 steps 1-8, over primitive arrays: positions
 * are given as parallel arrays of scenario rows and signed notionals {@code n_p = q_p * S_p} (USD, {@code +}
 * long). Owns preallocated scratch sized for its {@link MarginContext}, so evaluating a portfolio allocates
 * nothing. Not thread-safe: use one per thread.
 *
 * <p>Steps: losses {@code L[s] = -sum_p n_p R[u(p)][s]} accumulated position by position; the {@code k} largest
 * by {@link TopK}; {@code VaR = L(k)}, {@code ES} the mean of the {@code k} largest summed in descending order;
 * stress losses per scenario; per-underlying net notional for the floor and gross long/short for the basis
 * offset; {@code IM = ceil_cents(max(max(IM_hist, IM_stress), IM_floor) + IM_spread)},
 * {@code MM = ceil_cents(mm_ratio * IM)}.
 */
public final class PortfolioEvaluator {

    private final MarginContext ctx;
    private final double[][] rowsOf;
    private final int n;
    private final int k;
    private final double[] loss;
    private final TopK.Scratch selection;
    private final double[] tailVal;
    private final int[] tailIdx;
    /** The tight and the loose tail guess of the portfolio being evaluated ({@link MarginContext#tailGuesses}). */
    private final double[] guesses = new double[2];

    private final double[] stressLoss;
    private final double[] net;
    private final double[] grossLong;
    private final double[] grossShort;
    private final double[] rowFloor;
    private final double[] rowSpread;
    private final int[] touched;
    private final double[] exposure;
    private final boolean[] seen;
    private final double[] optionStressLoss;
    /** The loss vector and coefficient of each position of the portfolio being evaluated with options; grown on demand. */
    private double[][] lossVectors = new double[16][];

    private double[] lossCoefficients = new double[16];
    private int touchedCount;

    /**
     * Creates an evaluator with scratch for the context's {@code N}, {@code k}, stress and underlying counts.
     *
     * @param ctx the prepared market inputs
     */
    public PortfolioEvaluator(MarginContext ctx) {
        this.ctx = ctx;
        int rows = ctx.rowCount();
        this.rowsOf = new double[rows][];
        for (int r = 0; r < rows; r++) {
            rowsOf[r] = ctx.scenarios().row(r);
        }
        this.n = ctx.scenarioCount();
        this.k = ctx.tailCount();
        this.loss = new double[n];
        this.selection = new TopK.Scratch(n);
        this.tailVal = new double[k];
        this.tailIdx = new int[k];
        this.stressLoss = new double[ctx.stress().size()];
        this.net = new double[rows];
        this.grossLong = new double[rows];
        this.grossShort = new double[rows];
        this.rowFloor = new double[rows];
        this.rowSpread = new double[rows];
        this.touched = new int[rows];
        this.exposure = new double[rows];
        this.seen = new boolean[rows];
        this.optionStressLoss = new double[ctx.optionStress().size()];
    }

    /** @return the context */
    public MarginContext context() {
        return ctx;
    }

    /**
     * Evaluates one portfolio, all steps.
     *
     * @param rows scenario row of each position's underlying ({@link MarginContext#rowOf})
     * @param notionals signed notional of each position, USD, finite
     * @param from first position (inclusive)
     * @param to last position (exclusive)
     * @param out receives the figures
     */
    public void evaluate(int[] rows, double[] notionals, int from, int to, RiskFigures out) {
        fillLosses(rows, notionals, from, to, loss);
        fillStressLosses(rows, notionals, from, to, stressLoss);
        evaluateFrom(loss, stressLoss, rows, notionals, from, to, out);
    }

    /**
     * Evaluates a portfolio whose scenario and stress loss vectors are already known (the incremental path).
     *
     * @param losses {@code L[0..N)}, USD
     * @param stressLosses {@code L[psi]} for every stress scenario, USD
     * @param rows scenario row of each position
     * @param notionals signed notional of each position
     * @param from first position
     * @param to end of positions
     * @param out receives the figures
     */
    public void evaluateFrom(
            double[] losses, double[] stressLosses, int[] rows, double[] notionals, int from, int to, RiskFigures out) {
        evaluateFrom(losses, stressLosses, rows, notionals, from, to, 0.0, out);
    }

    /**
     * Evaluates a portfolio whose scenario and stress loss vectors are known and that may hold options
     * (docs/margin-model.md §8.5): {@code notionals} are then delta-equivalent for the options, and the short option
     * minimum enters {@code IM = ceil_cents(max(IM_market, IM_floor, IM_som) + IM_spread)}. With
     * {@code imShortOption = 0} the figures are those of version 1 bit for bit.
     *
     * @param losses {@code L[0..N)}, USD
     * @param stressLosses {@code L[psi]} for every stress scenario, USD
     * @param rows scenario row of each position
     * @param notionals signed (delta-equivalent) notional of each position
     * @param from first position
     * @param to end of positions
     * @param imShortOption {@code IM_som >= 0}, USD
     * @param out receives the figures
     */
    public void evaluateFrom(
            double[] losses,
            double[] stressLosses,
            int[] rows,
            double[] notionals,
            int from,
            int to,
            double imShortOption,
            RiskFigures out) {
        floorAndSpread(rows, notionals, from, to, out);
        for (int i = 0; i < touchedCount; i++) {
            int r = touched[i];
            exposure[r] = -net[r];
        }
        ctx.tailGuesses(touched, touchedCount, exposure, guesses);
        TopK.select(losses, n, k, guesses[0], guesses[1], selection, tailVal, tailIdx);
        double sum = 0.0;
        for (int i = 0; i < k; i++) {
            sum += tailVal[i];
        }
        double es = sum / k;
        out.var = tailVal[k - 1];
        out.es = es;
        out.imHist = Math.max(0.0, es);
        int best = 0;
        double worst = stressLosses[0];
        for (int i = 1; i < stressLosses.length; i++) {
            if (stressLosses[i] > worst) {
                worst = stressLosses[i];
                best = i;
            }
        }
        out.bindingStress = best;
        out.imStress = ctx.stressWeight() * Math.max(0.0, worst);
        double market = Math.max(out.imHist, out.imStress);
        out.imShortOption = imShortOption;
        if (imShortOption > 0.0) {
            out.binding = Binding.of(out.imHist, out.imStress, out.imFloor, imShortOption);
            out.requirement = Math.max(Math.max(market, out.imFloor), imShortOption) + out.imSpread;
        } else {
            out.binding = Binding.of(out.imHist, out.imStress, out.imFloor);
            out.requirement = Math.max(market, out.imFloor) + out.imSpread;
        }
        out.imCents = Money.ceilCentsLong(out.requirement);
        out.mmCents = ctx.mmCents(out.imCents);
    }

    /**
     * Evaluates one portfolio that holds options (docs/margin-model.md §8), without allocating: a linear position
     * loses {@code -n_p R} under each scenario and stress scenario of the option stress set, an option position
     * {@code -q_p} times its option's P&amp;L per unit long; the floor and basis use {@code notionals}, which are
     * delta-equivalent for the options ({@link OptionValuation#deltaNotional}); the short option minimum sums
     * {@code |q_p| F_u som_tier} over the short options.
     *
     * @param rows scenario row of each position's underlying
     * @param notionals signed notional of each linear position, delta-equivalent notional of each option, USD
     * @param quantities signed quantity of each option position (read for options only)
     * @param options the valuation of each option position's option, {@code null} for a linear position
     * @param from first position (inclusive)
     * @param to last position (exclusive)
     * @param out receives the figures; {@code bindingStress} indexes {@link MarginContext#optionStress()}
     */
    public void evaluateWithOptions(
            int[] rows,
            double[] notionals,
            double[] quantities,
            OptionValuation[] options,
            int from,
            int to,
            RiskFigures out) {
        Arrays.fill(loss, 0, n, 0.0);
        Arrays.fill(optionStressLoss, 0.0);
        double[][] stressReturns = ctx.optionStressReturns();
        double shortOptionMinimum = 0.0;
        if (to - from > lossVectors.length) {
            lossVectors = new double[to - from][];
            lossCoefficients = new double[to - from];
        }
        int count = 0;
        for (int p = from; p < to; p++) {
            OptionValuation v = options[p];
            if (v == null) {
                double c = -notionals[p];
                lossVectors[count] = rowsOf[rows[p]];
                lossCoefficients[count++] = c;
                for (int j = 0; j < optionStressLoss.length; j++) {
                    optionStressLoss[j] += c * stressReturns[j][rows[p]];
                }
            } else {
                double q = quantities[p];
                double c = -q;
                lossVectors[count] = v.scenarioPnl();
                lossCoefficients[count++] = c;
                double[] stressPnl = v.stressPnl();
                for (int j = 0; j < optionStressLoss.length; j++) {
                    optionStressLoss[j] += c * stressPnl[j];
                }
                if (q < 0) {
                    shortOptionMinimum += -q * v.forward() * ctx.shortOptionMinimum(rows[p]);
                }
            }
        }
        addLosses(count);
        evaluateFrom(loss, optionStressLoss, rows, notionals, from, to, shortOptionMinimum, out);
    }

    /**
     * {@code L[s] += c_i x_i[s]} for the gathered vectors in order, four at a time: the sum keeps the order of one
     * pass per position, {@code (((L + c1 x1) + c2 x2) + ...)}, so the result is the same to the bit, but each pass
     * reads four vectors at once. The option P&amp;L vectors of a run are megabytes, beyond the core's own cache,
     * and reading several streams together hides more of that latency than one at a time.
     */
    private void addLosses(int count) {
        double[] l = loss;
        int i = 0;
        for (; i + 4 <= count; i += 4) {
            double[] x1 = lossVectors[i];
            double[] x2 = lossVectors[i + 1];
            double[] x3 = lossVectors[i + 2];
            double[] x4 = lossVectors[i + 3];
            double c1 = lossCoefficients[i];
            double c2 = lossCoefficients[i + 1];
            double c3 = lossCoefficients[i + 2];
            double c4 = lossCoefficients[i + 3];
            for (int s = 0; s < n; s++) {
                l[s] = l[s] + c1 * x1[s] + c2 * x2[s] + c3 * x3[s] + c4 * x4[s];
            }
        }
        for (; i < count; i++) {
            double[] x = lossVectors[i];
            double c = lossCoefficients[i];
            for (int s = 0; s < n; s++) {
                l[s] += c * x[s];
            }
        }
        Arrays.fill(lossVectors, 0, count, null);
    }

    /**
     * Step 1: {@code L[s] = -sum_p n_p R[u(p)][s]}, accumulated in position order.
     *
     * @param rows rows
     * @param notionals notionals
     * @param from first
     * @param to end
     * @param dest receives {@code L[0..N)}
     */
    public void fillLosses(int[] rows, double[] notionals, int from, int to, double[] dest) {
        if (from >= to) {
            Arrays.fill(dest, 0, n, 0.0);
            return;
        }
        double c0 = -notionals[from];
        double[] r0 = rowsOf[rows[from]];
        for (int s = 0; s < n; s++) {
            dest[s] = c0 * r0[s];
        }
        for (int p = from + 1; p < to; p++) {
            double c = -notionals[p];
            double[] r = rowsOf[rows[p]];
            for (int s = 0; s < n; s++) {
                dest[s] += c * r[s];
            }
        }
    }

    /**
     * Step 3 losses: {@code L[psi] = -sum_p n_p R[u(p)][psi]} for every stress scenario.
     *
     * @param rows rows
     * @param notionals notionals
     * @param from first
     * @param to end
     * @param dest receives one loss per stress scenario
     */
    public void fillStressLosses(int[] rows, double[] notionals, int from, int to, double[] dest) {
        double[][] sr = ctx.stressReturns();
        for (int i = 0; i < sr.length; i++) {
            double[] ri = sr[i];
            double l = 0.0;
            for (int p = from; p < to; p++) {
                l += -notionals[p] * ri[rows[p]];
            }
            dest[i] = l;
        }
    }

    private void floorAndSpread(int[] rows, double[] notionals, int from, int to, RiskFigures out) {
        touchedCount = 0;
        for (int p = from; p < to; p++) {
            int r = rows[p];
            double x = notionals[p];
            if (!seen[r]) {
                seen[r] = true;
                touched[touchedCount++] = r;
                net[r] = 0.0;
                grossLong[r] = 0.0;
                grossShort[r] = 0.0;
            }
            net[r] += x;
            // without a branch on the sign, which is random from one position to the next: adding +0.0 to the
            // other side's sum (>= 0) leaves it unchanged to the bit
            grossLong[r] += Math.max(0.0, x);
            grossShort[r] += Math.max(0.0, -x);
        }
        double floor = 0.0;
        double spread = 0.0;
        for (int i = 0; i < touchedCount; i++) {
            int r = touched[i];
            seen[r] = false;
            double f = TierFloor.of(Math.abs(net[r]), ctx.floorEdges(r), ctx.floorRates(r));
            double sp = ctx.basis(r) * Math.min(grossLong[r], grossShort[r]);
            rowFloor[r] = f;
            rowSpread[r] = sp;
            floor += f;
            spread += sp;
        }
        out.imFloor = floor;
        out.imSpread = spread;
    }

    /** @return the loss vector of the last {@link #evaluate} (internal; do not modify) */
    double[] losses() {
        return loss;
    }

    /** @return the stress losses of the last {@link #evaluate} (internal) */
    double[] stressLosses() {
        return stressLoss;
    }

    /** @return indices of the k tail scenarios of the last evaluation, in descending loss order (internal) */
    int[] tailIndices() {
        return tailIdx;
    }

    /** @return number of underlyings touched by the last evaluation */
    int touchedCount() {
        return touchedCount;
    }

    /** @return touched rows, in order of first appearance (internal) */
    int[] touchedRows() {
        return touched;
    }

    double netOf(int row) {
        return net[row];
    }

    double grossLongOf(int row) {
        return grossLong[row];
    }

    double grossShortOf(int row) {
        return grossShort[row];
    }

    double floorOf(int row) {
        return rowFloor[row];
    }

    double spreadOf(int row) {
        return rowSpread[row];
    }
}
