package io.concordia.margin.calc;

import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.Position;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Many cross accounts flattened into primitive arrays for a full margin run ({@link MarginRun}): the positions of
 * account {@code a} are {@code [start[a], start[a+1])} in {@link #rows()} (scenario row of the underlying) and
 * {@link #notionals()} (signed notional {@code n_p}, USD, {@code +} long); {@link #equityCents()} holds each
 * account's equity in cents (rounded down, see {@link CollateralCalculator#equity}). Arrays are owned by the book;
 * do not modify them.
 *
 * <p>A book may hold options (docs/margin-model.md §8): then {@link #optionOf()} gives, per position, the index of
 * its {@link OptionSeries} among the book's distinct series ({@link #option(int)}), or {@code -1} for a perpetual or
 * future, and {@link #quantities()} the signed quantity {@code q_p} of each option position; an option position's
 * notional is 0 in {@link #notionals()}, since its delta-equivalent notional depends on the run's valuation. Each
 * series is revalued once per run ({@link #valueOptions}) and every position in it adds {@code q_p} times that
 * valuation, as a linear position adds {@code n_p} times its scenario row.
 */
public final class AccountBook {

    private static final OptionSeries[] NO_OPTIONS = new OptionSeries[0];

    private final int[] start;
    private final int[] rows;
    private final double[] notionals;
    private final long[] equityCents;
    /** Per position, the index of its option series, or -1; {@code null} in a book without options. */
    private final int[] optionOf;
    /** Per position, the signed quantity of an option position (0 for a linear one); {@code null} without options. */
    private final double[] quantities;

    private final OptionSeries[] options;

    private AccountBook(int[] start, int[] rows, double[] notionals, long[] equityCents) {
        this(start, rows, notionals, equityCents, null, null, NO_OPTIONS);
    }

    private AccountBook(
            int[] start,
            int[] rows,
            double[] notionals,
            long[] equityCents,
            int[] optionOf,
            double[] quantities,
            OptionSeries[] options) {
        this.start = start;
        this.rows = rows;
        this.notionals = notionals;
        this.equityCents = equityCents;
        this.optionOf = optionOf;
        this.quantities = quantities;
        this.options = options;
    }

    /**
     * Wraps flat arrays after validating them.
     *
     * @param start account offsets, length accounts + 1, non-decreasing, {@code start[0] = 0}
     * @param rows scenario row per position
     * @param notionals notional per position, finite
     * @param equityCents equity per account in cents
     * @param ctx the context the rows refer to
     * @return the book
     * @throws IllegalArgumentException on inconsistent lengths, bad offsets, rows or notionals
     */
    public static AccountBook of(int[] start, int[] rows, double[] notionals, long[] equityCents, MarginContext ctx) {
        if (start.length < 1
                || start[0] != 0
                || start[start.length - 1] != rows.length
                || rows.length != notionals.length) {
            throw new IllegalArgumentException("start must run from 0 to the position count " + rows.length
                    + " and rows/notionals must have equal lengths, got start " + start.length + ", rows " + rows.length
                    + ", notionals " + notionals.length);
        }
        if (equityCents.length != start.length - 1) {
            throw new IllegalArgumentException("equityCents must have one entry per account (" + (start.length - 1)
                    + "), got: " + equityCents.length);
        }
        for (int a = 1; a < start.length; a++) {
            if (start[a] < start[a - 1]) {
                throw new IllegalArgumentException("start must be non-decreasing, start[" + a + "] = " + start[a]);
            }
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= ctx.rowCount() || ctx.tierOf(rows[i]) == null) {
                throw new IllegalArgumentException("rows[" + i + "] must be a margined scenario row, got: " + rows[i]);
            }
            Checks.finite(notionals[i], "notionals[" + i + "]");
        }
        return new AccountBook(start.clone(), rows.clone(), notionals.clone(), equityCents.clone());
    }

    /**
     * Flattens cross accounts.
     *
     * @param accounts cross accounts
     * @param ctx prepared market inputs
     * @return the book
     * @throws IllegalArgumentException on an isolated account or an unknown underlying
     */
    public static AccountBook of(List<MarginAccount> accounts, MarginContext ctx) {
        int total = 0;
        for (MarginAccount a : accounts) {
            requireCross(a);
            total += a.positions().size();
        }
        int[] start = new int[accounts.size() + 1];
        int[] rows = new int[total];
        double[] notionals = new double[total];
        long[] equity = new long[accounts.size()];
        int i = 0;
        for (int a = 0; a < accounts.size(); a++) {
            MarginAccount acc = accounts.get(a);
            start[a] = i;
            for (Position p : acc.positions()) {
                rows[i] = ctx.rowOf(p.underlying());
                notionals[i] = MarginCalculator.notionalOf(p);
                i++;
            }
            equity[a] = equityCents(acc, ctx);
        }
        start[accounts.size()] = i;
        return new AccountBook(start, rows, notionals, equity);
    }

    private static void requireCross(MarginAccount account) {
        if (account.mode() != MarginMode.CROSS) {
            throw new IllegalArgumentException("an account book holds CROSS accounts only, got: " + account.mode());
        }
    }

    private static long equityCents(MarginAccount account, MarginContext ctx) {
        return CollateralCalculator.DEFAULT
                .equity(account.collateral(), account.positions(), account.cash(), ctx.schedule())
                .unscaledValue()
                .longValueExact();
    }

    /**
     * Wraps flat arrays of accounts that may hold options, after validating them.
     *
     * @param start account offsets, length accounts + 1, non-decreasing, {@code start[0] = 0}
     * @param rows scenario row per position; for an option position, the row of its underlying
     * @param notionals notional per linear position, finite (ignored, and stored as 0, for an option position)
     * @param optionOf per position, the index of its series in {@code options}, or -1 for a linear position
     * @param quantities per position, the signed quantity of an option position, finite (ignored for a linear one)
     * @param options the distinct option series the positions refer to
     * @param equityCents equity per account in cents
     * @param ctx the context the rows refer to
     * @return the book
     * @throws IllegalArgumentException on inconsistent lengths, bad offsets, rows, notionals, quantities or option
     *     indices, or an option position whose row is not its underlying's
     */
    public static AccountBook of(
            int[] start,
            int[] rows,
            double[] notionals,
            int[] optionOf,
            double[] quantities,
            List<OptionSeries> options,
            long[] equityCents,
            MarginContext ctx) {
        if (optionOf.length != rows.length || quantities.length != rows.length) {
            throw new IllegalArgumentException("optionOf and quantities must have one entry per position ("
                    + rows.length + "), got " + optionOf.length + " and " + quantities.length);
        }
        int[] optionRow = new int[options.size()];
        for (int o = 0; o < optionRow.length; o++) {
            optionRow[o] = ctx.rowOf(options.get(o).product().underlying());
        }
        double[] linearNotionals = notionals.clone();
        for (int i = 0; i < rows.length; i++) {
            int o = optionOf[i];
            if (o < -1 || o >= optionRow.length) {
                throw new IllegalArgumentException("optionOf[" + i + "] must be -1 or an index of options (size "
                        + optionRow.length + "), got: " + o);
            }
            if (o >= 0) {
                if (rows[i] != optionRow[o]) {
                    throw new IllegalArgumentException("rows[" + i + "] must be the row of the underlying of option "
                            + options.get(o).product().id() + " (" + optionRow[o] + "), got: " + rows[i]);
                }
                Checks.finite(quantities[i], "quantities[" + i + "]");
                linearNotionals[i] = 0.0;
            }
        }
        AccountBook linear = of(start, rows, linearNotionals, equityCents, ctx);
        double[] optionQuantities = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            optionQuantities[i] = optionOf[i] >= 0 ? quantities[i] : 0.0;
        }
        return new AccountBook(
                linear.start,
                linear.rows,
                linear.notionals,
                linear.equityCents,
                optionOf.clone(),
                optionQuantities,
                options.toArray(NO_OPTIONS));
    }

    /**
     * Flattens cross accounts that may hold options (docs/margin-model.md §8): linear positions as in
     * {@link #of(List, MarginContext)}, option positions by their series (each distinct series once, in order of
     * first appearance) and quantity. The run that margins the book must value the series with the accounts' market
     * inputs ({@link #valueOptions}).
     *
     * @param accounts cross accounts
     * @param ctx prepared market inputs
     * @return the book
     * @throws IllegalArgumentException on an isolated account, an unknown underlying or a non-finite notional or
     *     quantity
     */
    public static AccountBook withOptions(List<MarginAccount> accounts, MarginContext ctx) {
        int total = 0;
        for (MarginAccount a : accounts) {
            requireCross(a);
            total += a.positions().size();
        }
        int[] start = new int[accounts.size() + 1];
        int[] rows = new int[total];
        double[] notionals = new double[total];
        int[] optionOf = new int[total];
        double[] quantities = new double[total];
        long[] equity = new long[accounts.size()];
        Map<OptionSeries, Integer> series = new LinkedHashMap<>();
        int i = 0;
        for (int a = 0; a < accounts.size(); a++) {
            MarginAccount acc = accounts.get(a);
            start[a] = i;
            for (Position p : acc.positions()) {
                rows[i] = ctx.rowOf(p.underlying());
                if (p.product().isOption()) {
                    optionOf[i] = series.computeIfAbsent(OptionSeries.of(p), s -> series.size());
                    quantities[i] = p.quantity().doubleValue();
                    Checks.finite(quantities[i], "quantity of " + p.product().id());
                } else {
                    optionOf[i] = -1;
                    notionals[i] = MarginCalculator.notionalOf(p);
                }
                i++;
            }
            equity[a] = equityCents(acc, ctx);
        }
        start[accounts.size()] = i;
        return new AccountBook(
                start,
                rows,
                notionals,
                equity,
                optionOf,
                quantities,
                series.keySet().toArray(NO_OPTIONS));
    }

    /**
     * Values the book's option series {@code [from, to)} for a run: the per-run step that revalues each distinct
     * option once under all scenarios. Threads of a run may each value a part, sharing one {@code valuations}.
     *
     * @param valuations the run's option valuations (its context and market inputs)
     * @param from first series
     * @param to end series (exclusive)
     * @param dest receives the valuation of series {@code o} at index {@code o}, length {@link #optionCount()}
     */
    public void valueOptions(OptionValuations valuations, int from, int to, OptionValuation[] dest) {
        for (int o = from; o < to; o++) {
            dest[o] = valuations.of(options[o]);
        }
    }

    /**
     * Values all the book's option series for a run.
     *
     * @param valuations the run's option valuations
     * @return the valuation of each series, by index
     */
    public OptionValuation[] valueOptions(OptionValuations valuations) {
        OptionValuation[] dest = new OptionValuation[options.length];
        valueOptions(valuations, 0, options.length, dest);
        return dest;
    }

    /** @return whether any position of the book is an option */
    public boolean hasOptions() {
        return options.length > 0;
    }

    /** @return the number of distinct option series */
    public int optionCount() {
        return options.length;
    }

    /**
     * @param index a series index
     * @return the series
     */
    public OptionSeries option(int index) {
        return options[index];
    }

    /** @return per position, the index of its option series or -1, {@code null} without options (internal; do not modify) */
    public int[] optionOf() {
        return optionOf;
    }

    /** @return per position, the signed quantity of an option position, {@code null} without options (internal) */
    public double[] quantities() {
        return quantities;
    }

    /** @return the number of accounts */
    public int accountCount() {
        return start.length - 1;
    }

    /** @return account offsets into the position arrays (internal; do not modify) */
    public int[] start() {
        return start;
    }

    /** @return scenario row per position (internal; do not modify) */
    public int[] rows() {
        return rows;
    }

    /** @return signed notional per position, USD, 0 for an option position (internal; do not modify) */
    public double[] notionals() {
        return notionals;
    }

    /** @return equity per account in cents (internal; do not modify) */
    public long[] equityCents() {
        return equityCents;
    }

    @Override
    public String toString() {
        return "AccountBook[accounts=" + accountCount() + ", positions=" + rows.length + ", options=" + options.length
                + ", start=" + Arrays.toString(Arrays.copyOf(start, Math.min(start.length, 4))) + "...]";
    }

    /** Local copy of the finite check to keep the model package free of calc imports. */
    private static final class Checks {
        static void finite(double v, String name) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(name + " must be a finite number, got: " + v);
            }
        }
    }
}
