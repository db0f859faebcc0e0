package io.concordia.margin.calc;

import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.Position;

import java.util.Arrays;
import java.util.List;

/**
 * Many cross accounts flattened into primitive arrays for a full margin run ({@link MarginRun}): the positions of
 * account {@code a} are {@code [start[a], start[a+1])} in {@link #rows()} (scenario row of the underlying) and
 * {@link #notionals()} (signed notional {@code n_p}, USD, {@code +} long); {@link #equityCents()} holds each
 * account's equity in cents (rounded down, see {@link CollateralCalculator#equity}). Arrays are owned by the book;
 * do not modify them.
 */
public final class AccountBook {

    private final int[] start;
    private final int[] rows;
    private final double[] notionals;
    private final long[] equityCents;

    private AccountBook(int[] start, int[] rows, double[] notionals, long[] equityCents) {
        this.start = start;
        this.rows = rows;
        this.notionals = notionals;
        this.equityCents = equityCents;
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
        if (start.length < 1 || start[0] != 0 || start[start.length - 1] != rows.length || rows.length != notionals.length) {
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
            if (a.mode() != MarginMode.CROSS) {
                throw new IllegalArgumentException("an account book holds CROSS accounts only, got: " + a.mode());
            }
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
            equity[a] = CollateralCalculator.DEFAULT.equity(acc.collateral(), acc.positions(), acc.cash(), ctx.schedule())
                    .unscaledValue().longValueExact();
        }
        start[accounts.size()] = i;
        return new AccountBook(start, rows, notionals, equity);
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

    /** @return signed notional per position, USD (internal; do not modify) */
    public double[] notionals() {
        return notionals;
    }

    /** @return equity per account in cents (internal; do not modify) */
    public long[] equityCents() {
        return equityCents;
    }

    @Override
    public String toString() {
        return "AccountBook[accounts=" + accountCount() + ", positions=" + rows.length + ", start=" + Arrays.toString(
                Arrays.copyOf(start, Math.min(start.length, 4))) + "...]";
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
