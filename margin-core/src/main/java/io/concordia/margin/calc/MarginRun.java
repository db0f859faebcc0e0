package io.concordia.margin.calc;

/**
 * A full margin run over many cross accounts (docs/architecture.md, "Data flow" 3; docs/margin-model.md §4 steps 1-8 and §5):
 * for each account, {@code IM} and {@code MM} in cents and the status against its equity, allocation-free. Same
 * numbers as {@link MarginCalculator}. One instance per thread; split the accounts between threads.
 */
public final class MarginRun {

    private final PortfolioEvaluator ev;
    private final RiskFigures figures = new RiskFigures();

    /**
     * Creates a run with its own scratch.
     *
     * @param ctx prepared market inputs
     */
    public MarginRun(MarginContext ctx) {
        this.ev = new PortfolioEvaluator(ctx);
    }

    /**
     * Margins accounts {@code [from, to)} of the book.
     *
     * @param book the accounts
     * @param from first account
     * @param to end account (exclusive)
     * @param imCents receives IM in cents at each account's index
     * @param mmCents receives MM in cents
     * @param status receives the {@link MarginStatus#ordinal()} of each account
     */
    public void run(AccountBook book, int from, int to, long[] imCents, long[] mmCents, byte[] status) {
        int[] start = book.start();
        int[] rows = book.rows();
        double[] notionals = book.notionals();
        long[] equity = book.equityCents();
        RiskFigures f = figures;
        for (int a = from; a < to; a++) {
            ev.evaluate(rows, notionals, start[a], start[a + 1], f);
            imCents[a] = f.imCents;
            mmCents[a] = f.mmCents;
            status[a] = (byte) MarginStatus.ofCents(equity[a], f.imCents, f.mmCents).ordinal();
        }
    }
}
