package io.concordia.margin.scenario;

import io.concordia.margin.model.UnderlyingId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily closes {@code P[u][t]}, t = 0..T, of several underlyings on one common grid: every date of its
 * {@link TradingCalendar} from the first to the last, nothing else (docs/margin-model.md, "Building a scenario
 * set"). Immutable; validated on construction. Uploads are read with {@link PriceHistoryValidator#validate}, which applies
 * every input check of the model and reports all problems at once; this class checks only what the arithmetic needs.
 */
public final class PriceHistory {

    private final List<LocalDate> dates;
    private final List<UnderlyingId> underlyings;
    private final double[][] closes;
    private final TradingCalendar calendar;

    private PriceHistory(
            List<LocalDate> dates, List<UnderlyingId> underlyings, double[][] closes, TradingCalendar calendar) {
        this.dates = dates;
        this.underlyings = underlyings;
        this.closes = closes;
        this.calendar = calendar;
    }

    /**
     * Creates a history on a common grid of consecutive calendar days.
     *
     * @param dates the grid, strictly increasing, one calendar day apart
     * @param closes closes per underlying, one per date, each finite and {@code > 0}, USD
     * @return the history
     * @throws IllegalArgumentException on a gap or unordered date, a length mismatch, or a non-positive or non-finite price
     */
    public static PriceHistory of(List<LocalDate> dates, Map<UnderlyingId, double[]> closes) {
        return of(dates, closes, TradingCalendar.CONTINUOUS);
    }

    /**
     * Creates a history on a common grid of a calendar's dates.
     *
     * @param dates the grid: strictly increasing, each date on the calendar, none of the calendar's dates missing
     * @param closes closes per underlying, one per date, each finite and {@code > 0}, USD
     * @param calendar the calendar of the grid
     * @return the history
     * @throws IllegalArgumentException on a gap, an off-calendar or unordered date, a length mismatch, or a
     *     non-positive or non-finite price
     */
    public static PriceHistory of(List<LocalDate> dates, Map<UnderlyingId, double[]> closes, TradingCalendar calendar) {
        if (calendar == null) {
            throw new IllegalArgumentException("calendar must not be null");
        }
        if (dates == null || dates.isEmpty()) {
            throw new IllegalArgumentException("dates must not be empty");
        }
        if (closes == null || closes.isEmpty()) {
            throw new IllegalArgumentException("closes must name at least one underlying, got none");
        }
        checkGrid(dates, "dates", calendar);
        List<UnderlyingId> us = new ArrayList<>();
        double[][] rows = new double[closes.size()][];
        int i = 0;
        for (Map.Entry<UnderlyingId, double[]> e : closes.entrySet()) {
            UnderlyingId u = e.getKey();
            double[] p = e.getValue();
            if (u == null || p == null) {
                throw new IllegalArgumentException("closes must not contain null underlyings or arrays");
            }
            if (p.length != dates.size()) {
                throw new IllegalArgumentException(
                        "closes of " + u + " must have one value per date (" + dates.size() + "), got: " + p.length);
            }
            for (int t = 0; t < p.length; t++) {
                if (!Double.isFinite(p[t]) || p[t] <= 0.0) {
                    throw new IllegalArgumentException(
                            "close of " + u + " on " + dates.get(t) + " must be a finite price > 0, got: " + p[t]);
                }
            }
            us.add(u);
            rows[i++] = p.clone();
        }
        return new PriceHistory(List.copyOf(dates), Collections.unmodifiableList(us), rows, calendar);
    }

    /**
     * Creates a history from one dated series per underlying, which must all cover the same dates.
     *
     * @param series per underlying, its dates and its closes (parallel lists)
     * @return the history
     * @throws IllegalArgumentException on misaligned dates between underlyings, or any check of {@link #of}
     */
    public static PriceHistory aligned(Map<UnderlyingId, Series> series) {
        if (series == null || series.isEmpty()) {
            throw new IllegalArgumentException("series must name at least one underlying, got none");
        }
        List<LocalDate> grid = null;
        UnderlyingId first = null;
        Map<UnderlyingId, double[]> closes = new LinkedHashMap<>();
        for (Map.Entry<UnderlyingId, Series> e : series.entrySet()) {
            Series s = e.getValue();
            checkGrid(s.dates(), "dates of " + e.getKey(), TradingCalendar.CONTINUOUS);
            if (grid == null) {
                grid = s.dates();
                first = e.getKey();
            } else if (!grid.equals(s.dates())) {
                throw new IllegalArgumentException("misaligned dates: " + e.getKey() + " covers "
                        + s.dates().get(0) + ".."
                        + s.dates().get(s.dates().size() - 1) + " (" + s.dates().size() + " days) but " + first
                        + " covers "
                        + grid.get(0) + ".." + grid.get(grid.size() - 1) + " (" + grid.size() + " days)");
            }
            closes.put(e.getKey(), s.closes());
        }
        return of(grid, closes);
    }

    private static void checkGrid(List<LocalDate> dates, String what, TradingCalendar calendar) {
        if (dates == null || dates.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        for (int t = 0; t < dates.size(); t++) {
            LocalDate b = dates.get(t);
            if (b == null) {
                throw new IllegalArgumentException(what + " must not contain null");
            }
            if (!calendar.contains(b)) {
                throw new IllegalArgumentException(what + " must be on the " + calendar + " calendar, got: " + b);
            }
            if (t == 0) {
                continue;
            }
            LocalDate a = dates.get(t - 1);
            if (!b.isAfter(a)) {
                throw new IllegalArgumentException(what + " must be strictly increasing, got " + b + " after " + a);
            }
            if (!b.equals(calendar.next(a))) {
                throw new IllegalArgumentException("gap in " + what + ": " + missing(calendar, a, b)
                        + " missing day(s) between " + a + " and " + b);
            }
        }
    }

    /** How many of the calendar's dates lie strictly between {@code a} and {@code b}. */
    static long missing(TradingCalendar calendar, LocalDate a, LocalDate b) {
        long n = 0;
        for (LocalDate d = calendar.next(a); d.isBefore(b); d = calendar.next(d)) {
            n++;
        }
        return n;
    }

    /**
     * One underlying's dated closes.
     *
     * @param dates the dates
     * @param closes the closes, one per date, USD
     */
    public record Series(List<LocalDate> dates, double[] closes) {

        /** Validates lengths. @throws IllegalArgumentException on null or a length mismatch */
        public Series {
            if (dates == null || closes == null) {
                throw new IllegalArgumentException("dates and closes must not be null");
            }
            dates = List.copyOf(dates);
            closes = closes.clone();
            if (dates.size() != closes.length) {
                throw new IllegalArgumentException("series must have one close per date: " + dates.size() + " dates, "
                        + closes.length + " closes");
            }
        }
    }

    /** @return the common date grid */
    public List<LocalDate> dates() {
        return dates;
    }

    /** @return the calendar of the grid */
    public TradingCalendar calendar() {
        return calendar;
    }

    /** @return the underlyings, in row order */
    public List<UnderlyingId> underlyings() {
        return underlyings;
    }

    /**
     * @param index the row
     * @return the internal closes of the row (do not modify)
     */
    double[] row(int index) {
        return closes[index];
    }

    /**
     * A copy of the closes of one underlying.
     *
     * @param underlying the underlying
     * @return the closes
     * @throws IllegalArgumentException if unknown
     */
    public double[] closesOf(UnderlyingId underlying) {
        int i = underlyings.indexOf(underlying);
        if (i < 0) {
            throw new IllegalArgumentException("unknown underlying: " + underlying);
        }
        return closes[i].clone();
    }
}
