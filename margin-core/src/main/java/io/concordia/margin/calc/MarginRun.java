package io.concordia.margin.calc;

/**
 * A full margin run over many cross accounts (docs/architecture.md, "Data flow" 3; docs/margin-model.md §4 steps 1-8,
 * §5 and, for accounts that hold options, §8): for each account, {@code IM} and {@code MM} in cents and the status
 * against its equity, allocation-free. Same numbers as {@link MarginCalculator}. One instance per thread; split the
 * accounts between threads.
 *
 * <p>With options, a run first values each distinct option series of the book once under all scenarios
 * ({@link AccountBook#valueOptions}); an account then adds {@code q_p} times its options' P&amp;L vectors, like
 * {@code n_p} times the scenario rows of its perpetuals and futures, and is margined by
 * {@link PortfolioEvaluator#evaluateWithOptions}. An account of that book without options keeps its version-1
 * figures.
 */
public final class MarginRun {

    private final PortfolioEvaluator ev;
    private final RiskFigures figures = new RiskFigures();
    /** One account's positions, gathered for {@link PortfolioEvaluator#evaluateWithOptions}; grown on demand. */
    private int[] accountRows = new int[16];

    private double[] accountNotionals = new double[16];
    private double[] accountQuantities = new double[16];
    private OptionValuation[] accountOptions = new OptionValuation[16];

    /**
     * Creates a run with its own scratch.
     *
     * @param ctx prepared market inputs
     */
    public MarginRun(MarginContext ctx) {
        this.ev = new PortfolioEvaluator(ctx);
    }

    /**
     * Margins accounts {@code [from, to)} of a book without options.
     *
     * @param book the accounts
     * @param from first account
     * @param to end account (exclusive)
     * @param imCents receives IM in cents at each account's index
     * @param mmCents receives MM in cents
     * @param status receives the {@link MarginStatus#ordinal()} of each account
     * @throws IllegalArgumentException if the book holds options (use the overload that takes their valuations)
     */
    public void run(AccountBook book, int from, int to, long[] imCents, long[] mmCents, byte[] status) {
        if (book.hasOptions()) {
            throw new IllegalArgumentException("the book holds " + book.optionCount() + " option series: margin it with"
                    + " their valuations, run(book, book.valueOptions(valuations), ...)");
        }
        int[] start = book.start();
        int[] rows = book.rows();
        double[] notionals = book.notionals();
        long[] equity = book.equityCents();
        RiskFigures f = figures;
        for (int a = from; a < to; a++) {
            ev.evaluate(rows, notionals, start[a], start[a + 1], f);
            record(a, equity[a], f, imCents, mmCents, status);
        }
    }

    /**
     * Margins accounts {@code [from, to)} of a book that may hold options.
     *
     * @param book the accounts
     * @param options the valuation of each option series of the book, by index ({@link AccountBook#valueOptions}),
     *     under this run's context
     * @param from first account
     * @param to end account (exclusive)
     * @param imCents receives IM in cents at each account's index
     * @param mmCents receives MM in cents
     * @param status receives the {@link MarginStatus#ordinal()} of each account
     * @throws IllegalArgumentException if a valuation is missing, of another option or volatility, or of another
     *     margin context
     */
    public void run(
            AccountBook book,
            OptionValuation[] options,
            int from,
            int to,
            long[] imCents,
            long[] mmCents,
            byte[] status) {
        if (!book.hasOptions()) {
            run(book, from, to, imCents, mmCents, status);
            return;
        }
        requireValuationsOf(book, options);
        int[] start = book.start();
        int[] rows = book.rows();
        double[] notionals = book.notionals();
        int[] optionOf = book.optionOf();
        double[] quantities = book.quantities();
        long[] equity = book.equityCents();
        RiskFigures f = figures;
        for (int a = from; a < to; a++) {
            int p0 = start[a];
            int p1 = start[a + 1];
            if (!holdsOption(optionOf, p0, p1)) {
                ev.evaluate(rows, notionals, p0, p1, f);
            } else {
                int count = gather(rows, notionals, optionOf, quantities, options, p0, p1);
                ev.evaluateWithOptions(accountRows, accountNotionals, accountQuantities, accountOptions, 0, count, f);
            }
            record(a, equity[a], f, imCents, mmCents, status);
        }
    }

    private static void record(int a, long equityCents, RiskFigures f, long[] imCents, long[] mmCents, byte[] status) {
        imCents[a] = f.imCents;
        mmCents[a] = f.mmCents;
        status[a] =
                (byte) MarginStatus.ofCents(equityCents, f.imCents, f.mmCents).ordinal();
    }

    private static boolean holdsOption(int[] optionOf, int from, int to) {
        for (int p = from; p < to; p++) {
            if (optionOf[p] >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Copies one account's positions into the scratch in the form {@link OptionRequirements} gives the evaluator, so
     * that the figures are those of {@link MarginCalculator} bit for bit: an option's notional is its
     * delta-equivalent notional {@code q_p delta_p F_u}.
     */
    private int gather(
            int[] rows,
            double[] notionals,
            int[] optionOf,
            double[] quantities,
            OptionValuation[] options,
            int from,
            int to) {
        int count = to - from;
        if (count > accountRows.length) {
            int size = Math.max(count, 2 * accountRows.length);
            accountRows = new int[size];
            accountNotionals = new double[size];
            accountQuantities = new double[size];
            accountOptions = new OptionValuation[size];
        }
        for (int i = 0; i < count; i++) {
            int p = from + i;
            int o = optionOf[p];
            accountRows[i] = rows[p];
            if (o < 0) {
                accountOptions[i] = null;
                accountNotionals[i] = notionals[p];
                accountQuantities[i] = 0.0;
            } else {
                OptionValuation v = options[o];
                double q = quantities[p];
                accountOptions[i] = v;
                accountQuantities[i] = q;
                accountNotionals[i] = v.deltaNotional(q);
            }
        }
        return count;
    }

    private void requireValuationsOf(AccountBook book, OptionValuation[] options) {
        if (options == null || options.length != book.optionCount()) {
            throw new IllegalArgumentException("one valuation per option series of the book (" + book.optionCount()
                    + ") is needed, got: " + (options == null ? null : options.length));
        }
        for (int o = 0; o < options.length; o++) {
            OptionSeries series = book.option(o);
            OptionValuation v = options[o];
            if (v == null
                    || !v.product().equals(series.product())
                    || v.sigma() != series.iv().doubleValue()) {
                throw new IllegalArgumentException("options[" + o + "] must be the valuation of "
                        + series.product().id() + " at iv " + series.iv().toPlainString() + ", got: "
                        + (v == null ? null : v.product().id()));
            }
            if (v.context() != ev.context()) {
                throw new IllegalArgumentException("options[" + o + "] was valued under another margin context");
            }
        }
    }
}
