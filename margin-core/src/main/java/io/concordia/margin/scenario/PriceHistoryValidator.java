package io.concordia.margin.scenario;

import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.scenario.HistoryProblem.Code;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The input checks of docs/margin-model.md ("Building a scenario set", version 1.1) on daily closes as their rows
 * were written: every problem is answered at once, each naming the underlying, the date and the line. The rows come
 * from a reader of the closes' text (the replication module reads CSV with the header {@code date,underlying,close}).
 */
public final class PriceHistoryValidator {

    /** Underlying codes the model accepts: case-sensitive, so {@code btc} is refused rather than merged with {@code BTC}. */
    public static final Pattern UNDERLYING_CODE = Pattern.compile("[A-Z0-9]{2,12}");

    /** A strict decimal string: digits, optionally a point and digits; a leading minus is read to say "not positive". */
    private static final Pattern DECIMAL = Pattern.compile("-?([0-9]+)(?:\\.([0-9]+))?");

    /** The most integer digits, and the most decimal places, of a close. */
    public static final int MAX_CLOSE_DIGITS = 18;

    /** A daily return beyond this many EWMA standard deviations may be a bad print... */
    public static final double SPIKE_DEVIATIONS = 10.0;

    /** ...when the next day's return reverses at least this fraction of it. */
    public static final double SPIKE_REVERSAL = 0.8;

    /** The field names of a row, in order. */
    public static final String HEADER = "date,underlying,close";

    private PriceHistoryValidator() {}

    /**
     * One row of closes as written: its line in the text and its fields as read, before any check.
     *
     * @param line the 1-based line the row starts on
     * @param fields the row's fields, unstripped ({@code date}, {@code underlying}, {@code close} when well formed)
     */
    public record Row(int line, List<String> fields) {

        /** Copies the fields. */
        public Row {
            fields = List.copyOf(fields);
        }

        /** @return the row as written, fields joined by commas, for messages */
        public String text() {
            return String.join(",", fields);
        }
    }

    private record Close(int line, LocalDate date, String code, BigDecimal close) {}

    /**
     * Checks closes (docs/margin-model.md, "Building a scenario set", input checks): three fields a row; strict decimal
     * closes (no exponent, {@code 101d}, hexadecimal, NaN or infinity; at most 18 integer digits and 18 decimal places),
     * positive; underlying codes {@code [A-Z0-9]{2,12}}, case-sensitive; one close per underlying per date of the
     * calendar, without gaps, off-calendar dates or duplicates, every underlying over the same dates; at least
     * {@code minHistory} closes; no suspected bad print (a daily return {@code y[t]} with
     * {@code |y[t]| > 10 sqrt(v[t-1])}, the EWMA variance of step 2 known before it, whose next return reverses it by
     * at least 80%: {@code -y[t+1] / y[t] >= 0.8}) unless its date is in {@code acceptSpikes}; no move after a
     * period of zero EWMA variance, which step 5 could not filter; and at least {@code W} scenarios.
     *
     * @param written the rows after the header, blank ones left out, in the order of the text
     * @param params the build's parameters (the horizon sets the default minimum history, lambda the EWMA)
     * @param checks the checks' settings
     * @return the checked history with the SHA-256 of its closes ({@link CheckedHistory}), or every problem found
     * @throws IllegalArgumentException only for settings that contradict the parameters ({@code minHistory} below
     *     {@code h + 2})
     */
    public static HistoryValidation validate(List<Row> written, FhsParameters params, HistoryChecks checks) {
        int minHistory = checks.minHistoryAt(params.horizon());
        List<HistoryProblem> problems = new ArrayList<>();
        TreeMap<String, TreeMap<LocalDate, Close>> series = new TreeMap<>();
        Set<String> damaged = new HashSet<>();
        for (Row row : written) {
            readRow(row, checks.calendar(), series, damaged, problems);
        }
        if (series.isEmpty() && problems.isEmpty()) {
            problems.add(new HistoryProblem(Code.MALFORMED_ROW, null, null, 2, "the CSV has a header but no rows"));
        }
        if (series.isEmpty()) {
            return new HistoryValidation(null, problems);
        }
        checkGrid(series, checks.calendar(), damaged, problems);
        LocalDate start = series.values().stream()
                .map(TreeMap::firstKey)
                .min(LocalDate::compareTo)
                .orElseThrow();
        LocalDate end = series.values().stream()
                .map(TreeMap::lastKey)
                .max(LocalDate::compareTo)
                .orElseThrow();
        for (Map.Entry<String, TreeMap<LocalDate, Close>> e : series.entrySet()) {
            String u = e.getKey();
            TreeMap<LocalDate, Close> rows = e.getValue();
            if (rows.firstKey().isAfter(start)) {
                problems.add(new HistoryProblem(
                        Code.MISALIGNED,
                        u,
                        rows.firstKey(),
                        rows.firstEntry().getValue().line(),
                        u + " starts on " + rows.firstKey() + " but the history starts on " + start));
            }
            if (rows.lastKey().isBefore(end)) {
                problems.add(new HistoryProblem(
                        Code.MISALIGNED,
                        u,
                        rows.lastKey(),
                        rows.lastEntry().getValue().line(),
                        u + " ends on " + rows.lastKey() + " but the history ends on " + end));
            }
            if (rows.size() < minHistory) {
                problems.add(new HistoryProblem(
                        Code.TOO_SHORT,
                        u,
                        rows.lastKey(),
                        rows.lastEntry().getValue().line(),
                        u + " has " + rows.size() + " closes, fewer than minHistory = " + minHistory));
            }
        }
        double lambda = params.lambda().doubleValue();
        for (Map.Entry<String, TreeMap<LocalDate, Close>> e : series.entrySet()) {
            if (!damaged.contains(e.getKey())) {
                checkReturns(
                        e.getKey(), List.copyOf(e.getValue().values()), params.horizon(), lambda, checks, problems);
            }
        }
        if (problems.isEmpty()) {
            int available = series.firstEntry().getValue().size() - 1 - params.horizon();
            if (params.window() != null && params.window() > available) {
                Close last = series.firstEntry().getValue().lastEntry().getValue();
                problems.add(new HistoryProblem(
                        Code.TOO_SHORT,
                        null,
                        last.date(),
                        null,
                        "the window W = " + params.window() + " is larger than the " + available
                                + " scenarios the closes give at horizon " + params.horizon()));
            }
        }
        if (!problems.isEmpty()) {
            return new HistoryValidation(null, problems);
        }
        return new HistoryValidation(checked(series, checks), List.of());
    }

    private static void readRow(
            Row row,
            TradingCalendar calendar,
            TreeMap<String, TreeMap<LocalDate, Close>> series,
            Set<String> damaged,
            List<HistoryProblem> problems) {
        int lineNo = row.line();
        List<String> f = row.fields();
        if (f.size() != 3) {
            problems.add(new HistoryProblem(
                    Code.MALFORMED_ROW,
                    null,
                    null,
                    lineNo,
                    "expected 3 fields date,underlying,close, got " + f.size() + ": "
                            + abbreviate(row.text().strip())));
            return;
        }
        String code = f.get(1).strip();
        boolean codeOk = UNDERLYING_CODE.matcher(code).matches();
        String named = codeOk ? code : abbreviate(code);
        LocalDate date = null;
        try {
            date = LocalDate.parse(f.get(0).strip());
        } catch (DateTimeParseException e) {
            problems.add(new HistoryProblem(
                    Code.INVALID_DATE,
                    named,
                    null,
                    lineNo,
                    "date must be an ISO date yyyy-mm-dd, got: \""
                            + abbreviate(f.get(0).strip()) + "\""));
        }
        if (!codeOk) {
            problems.add(new HistoryProblem(
                    Code.INVALID_UNDERLYING,
                    named,
                    date,
                    lineNo,
                    "underlying code must be 2 to 12 capital letters or digits (case-sensitive), got: \"" + named
                            + "\""));
        }
        BigDecimal close = close(f.get(2).strip(), named, date, lineNo, problems);
        if (!codeOk) {
            return;
        }
        if (date == null || close == null) {
            damaged.add(code);
            if (date == null) {
                return;
            }
        }
        if (!calendar.contains(date)) {
            problems.add(new HistoryProblem(
                    Code.OFF_CALENDAR,
                    code,
                    date,
                    lineNo,
                    date + " is a " + date.getDayOfWeek() + ", not on the " + calendar + " calendar"));
            damaged.add(code);
            return;
        }
        TreeMap<LocalDate, Close> rows = series.computeIfAbsent(code, k -> new TreeMap<>());
        Close first = rows.get(date);
        if (first != null) {
            problems.add(new HistoryProblem(
                    Code.DUPLICATE_CLOSE,
                    code,
                    date,
                    lineNo,
                    "a second close for " + code + " on " + date + " (the first is on line " + first.line() + ")"));
            damaged.add(code);
            return;
        }
        rows.put(date, new Close(lineNo, date, code, close));
    }

    private static BigDecimal close(
            String text, String underlying, LocalDate date, int lineNo, List<HistoryProblem> problems) {
        var m = DECIMAL.matcher(text);
        if (!m.matches()) {
            problems.add(new HistoryProblem(
                    Code.INVALID_CLOSE,
                    underlying,
                    date,
                    lineNo,
                    "close must be a decimal string such as "
                            + "64000.5 (no exponent, suffix, hexadecimal, NaN or infinity), got: \"" + abbreviate(text)
                            + "\""));
            return null;
        }
        String fraction = m.group(2) == null ? "" : m.group(2);
        if (m.group(1).length() > MAX_CLOSE_DIGITS || fraction.length() > MAX_CLOSE_DIGITS) {
            problems.add(new HistoryProblem(
                    Code.INVALID_CLOSE,
                    underlying,
                    date,
                    lineNo,
                    "close must have at most " + MAX_CLOSE_DIGITS + " integer digits and " + MAX_CLOSE_DIGITS
                            + " decimal places, got: " + abbreviate(text)));
            return null;
        }
        BigDecimal value = new BigDecimal(text);
        if (value.signum() <= 0) {
            problems.add(new HistoryProblem(
                    Code.NON_POSITIVE_CLOSE, underlying, date, lineNo, "close must be > 0, got: " + text));
            return null;
        }
        return value;
    }

    private static void checkGrid(
            TreeMap<String, TreeMap<LocalDate, Close>> series,
            TradingCalendar calendar,
            Set<String> damaged,
            List<HistoryProblem> problems) {
        series.forEach((u, rows) -> {
            LocalDate previous = null;
            for (Close r : rows.values()) {
                if (previous != null && !r.date().equals(calendar.next(previous))) {
                    problems.add(new HistoryProblem(
                            Code.GAP,
                            u,
                            calendar.next(previous),
                            r.line(),
                            PriceHistory.missing(calendar, previous, r.date()) + " missing day(s) of the " + calendar
                                    + " calendar between " + previous + " and " + r.date()));
                    damaged.add(u);
                }
                previous = r.date();
            }
        });
    }

    /** The bad-print and zero-variance checks on one intact series. */
    private static void checkReturns(
            String u,
            List<Close> rows,
            int horizon,
            double lambda,
            HistoryChecks checks,
            List<HistoryProblem> problems) {
        int tMax = rows.size() - 1;
        if (tMax < 1) {
            return;
        }
        double[] p = new double[tMax + 1];
        for (int t = 0; t <= tMax; t++) {
            p[t] = rows.get(t).close().doubleValue();
        }
        double[] y = new double[tMax + 1];
        double[] v = new double[tMax + 1];
        Ewma.fill(p, lambda, y, v);
        for (int t = 2; t < tMax; t++) {
            double sd = Math.sqrt(v[t - 1]);
            boolean beyond = Math.abs(y[t]) > SPIKE_DEVIATIONS * sd;
            boolean reversed = y[t] != 0.0 && -y[t + 1] / y[t] >= SPIKE_REVERSAL;
            Close r = rows.get(t);
            if (beyond && reversed && !checks.acceptSpikes().contains(r.date())) {
                String size = sd == 0.0
                        ? "after a period of zero EWMA variance"
                        : String.format(java.util.Locale.ROOT, "%.1f EWMA standard deviations", Math.abs(y[t]) / sd);
                problems.add(new HistoryProblem(
                        Code.SUSPECTED_BAD_PRINT,
                        u,
                        r.date(),
                        r.line(),
                        String.format(
                                java.util.Locale.ROOT,
                                "suspected bad print: the close %s after %s is a daily log return of %.4f, %s, and the next day's close %s "
                                        + "reverses %.0f%% of it; if the move was real, name %s in acceptSpikes",
                                r.close().toPlainString(),
                                rows.get(t - 1).close().toPlainString(),
                                y[t],
                                size,
                                rows.get(t + 1).close().toPlainString(),
                                100 * -y[t + 1] / y[t],
                                r.date())));
            }
        }
        for (int t = horizon + 1; t <= tMax; t++) {
            if (v[t - horizon] == 0.0 && Math.log(p[t] / p[t - horizon]) != 0.0) {
                Close r = rows.get(t);
                problems.add(
                        new HistoryProblem(
                                Code.ZERO_VARIANCE,
                                u,
                                r.date(),
                                r.line(),
                                "the close moves after a constant "
                                        + "price: the EWMA variance when its window opened ("
                                        + rows.get(t - horizon).date()
                                        + ") is 0, so the filter is undefined; give a longer history before the constant period"));
                return;
            }
        }
    }

    private static CheckedHistory checked(TreeMap<String, TreeMap<LocalDate, Close>> series, HistoryChecks checks) {
        List<LocalDate> dates = new ArrayList<>(series.firstEntry().getValue().keySet());
        Map<UnderlyingId, double[]> closes = new LinkedHashMap<>();
        StringBuilder canonical = new StringBuilder(HEADER).append('\n');
        series.forEach((u, rows) -> {
            double[] p = new double[rows.size()];
            int t = 0;
            for (Close r : rows.values()) {
                p[t++] = r.close().doubleValue();
                canonical
                        .append(r.date())
                        .append(',')
                        .append(u)
                        .append(',')
                        .append(canonicalClose(r.close()))
                        .append('\n');
            }
            closes.put(UnderlyingId.of(u), p);
        });
        PriceHistory history = PriceHistory.of(dates, closes, checks.calendar());
        return new CheckedHistory(history, checks, sha256(canonical.toString()));
    }

    /**
     * The canonical text of a close in the hashed form of {@link CheckedHistory}: no exponent, no trailing zeros.
     *
     * @param close a positive close
     * @return e.g. {@code 64000.5} for {@code 64000.50}, {@code 100} for {@code 100.0}
     */
    public static String canonicalClose(BigDecimal close) {
        return close.stripTrailingZeros().toPlainString();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
