package io.concordia.margin.replication;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.HistoryChecks;
import io.concordia.margin.scenario.HistoryProblem;
import io.concordia.margin.scenario.HistoryProblem.Code;
import io.concordia.margin.scenario.HistoryValidation;
import io.concordia.margin.scenario.PriceHistory;
import io.concordia.margin.scenario.PriceHistoryValidator;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads daily closes from CSV text with the header {@code date,underlying,close} (the body of a scenario-set upload),
 * one row per underlying per day, ISO dates, decimal closes; rows may come in any order.
 *
 * <p>{@link #read} applies the input checks of docs/margin-model.md ("Building a scenario set", version 1.1,
 * {@link PriceHistoryValidator}) and answers every problem at once; {@link #readVersion10} is the lenient reader of
 * version 1.0, kept only so that sets stored under 1.0 rebuild exactly. Jackson's CSV parser splits the rows (quoted
 * fields included); the checks are margin-core's.
 */
public final class PriceHistoryCsv {

    /** The header line. */
    public static final String HEADER = PriceHistoryValidator.HEADER;

    /** No schema: every record is an array of its fields as written. */
    private static final CsvMapper CSV = new CsvMapper();

    private PriceHistoryCsv() {}

    /**
     * Reads and checks closes: the header, then every row by {@link PriceHistoryValidator#validate}.
     *
     * @param csv the text
     * @param params the build's parameters (the horizon sets the default minimum history, lambda the EWMA)
     * @param checks the checks' settings
     * @return the checked history with the SHA-256 of its closes, or every problem found
     * @throws IllegalArgumentException only for settings that contradict the parameters ({@code minHistory} below
     *     {@code h + 2})
     */
    public static HistoryValidation read(String csv, FhsParameters params, HistoryChecks checks) {
        checks.minHistoryAt(params.horizon()); // contradictory settings are refused before the text is read
        String text = csv == null ? "" : csv.startsWith("\uFEFF") ? csv.substring(1) : csv;
        List<PriceHistoryValidator.Row> rows;
        try {
            rows = rows(text);
        } catch (NotCsv e) {
            return new HistoryValidation(
                    null, List.of(new HistoryProblem(Code.MALFORMED_ROW, null, null, e.line, e.getMessage())));
        }
        String header = rows.isEmpty() ? "" : rows.get(0).text().strip();
        if (!header.equals(HEADER)) {
            return new HistoryValidation(
                    null,
                    List.of(new HistoryProblem(
                            Code.BAD_HEADER,
                            null,
                            null,
                            1,
                            "the first line must be " + HEADER + ", got: " + abbreviate(header))));
        }
        List<PriceHistoryValidator.Row> body =
                rows.subList(1, rows.size()).stream().filter(r -> !blank(r)).toList();
        return PriceHistoryValidator.validate(body, params, checks);
    }

    /**
     * Version 1.0's reader, kept only so that scenario sets stored under 1.0 rebuild exactly: it reads closes with
     * {@link Double#parseDouble} (so it accepted {@code 1e3} and {@code 101d}), codes as {@link UnderlyingId} (so
     * {@code btc} and {@code BTC} were two underlyings), consecutive calendar days only, and stops at the first
     * problem. New uploads use {@link #read}.
     *
     * @param csv the text
     * @return the history, underlyings in order of first appearance
     * @throws IllegalArgumentException naming the line on a bad header, a malformed row, a duplicate
     *     (date, underlying), or any check of {@link PriceHistory}
     */
    public static PriceHistory readVersion10(String csv) {
        if (csv == null || csv.isBlank()) {
            throw new IllegalArgumentException("CSV must not be empty; expected the header date,underlying,close");
        }
        List<PriceHistoryValidator.Row> rows = rows(csv);
        String header = rows.get(0).text();
        if (!header.trim().equals(HEADER)) {
            throw new IllegalArgumentException("line 1: header must be date,underlying,close, got: " + header);
        }
        Map<UnderlyingId, TreeMap<LocalDate, Double>> byUnderlying = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (PriceHistoryValidator.Row row : rows.subList(1, rows.size())) {
            if (blank(row)) {
                continue;
            }
            String line = row.text().trim();
            List<String> f = row.fields();
            if (f.size() != 3) {
                throw new IllegalArgumentException(
                        "line " + row.line() + ": expected 3 fields date,underlying,close, got: " + line);
            }
            LocalDate date;
            UnderlyingId u;
            double close;
            try {
                date = LocalDate.parse(f.get(0).trim());
                u = UnderlyingId.of(f.get(1).trim());
                close = Double.parseDouble(f.get(2).trim());
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new IllegalArgumentException(
                        "line " + row.line() + ": cannot parse " + line + " (" + e.getMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + row.line() + ": " + e.getMessage());
            }
            if (!seen.add(date + "|" + u.code())) {
                throw new IllegalArgumentException("line " + row.line() + ": duplicate close for " + u + " on " + date);
            }
            byUnderlying.computeIfAbsent(u, k -> new TreeMap<>()).put(date, close);
        }
        if (byUnderlying.isEmpty()) {
            throw new IllegalArgumentException("CSV has a header but no rows");
        }
        Map<UnderlyingId, PriceHistory.Series> series = new LinkedHashMap<>();
        byUnderlying.forEach((u, m) -> {
            List<LocalDate> dates = new ArrayList<>(m.keySet());
            double[] closes = new double[dates.size()];
            int j = 0;
            for (double c : m.values()) {
                closes[j++] = c;
            }
            series.put(u, new PriceHistory.Series(dates, closes));
        });
        return PriceHistory.aligned(series);
    }

    /** Every record of the text with the line it starts on, its fields as written. */
    private static List<PriceHistoryValidator.Row> rows(String text) {
        List<PriceHistoryValidator.Row> rows = new ArrayList<>();
        try (CsvParser parser = (CsvParser) CSV.createParser(text)) {
            List<String> fields = new ArrayList<>();
            int line = 0;
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.START_ARRAY) {
                    fields.clear();
                    line = parser.currentLocation().getLineNr();
                } else if (t == JsonToken.END_ARRAY) {
                    rows.add(new PriceHistoryValidator.Row(line, fields));
                } else {
                    fields.add(parser.getText());
                }
            }
        } catch (JsonProcessingException e) {
            // an unterminated quote: the text is a string, never an unreadable stream
            throw new NotCsv(e.getLocation() == null ? 1 : e.getLocation().getLineNr(), e.getOriginalMessage());
        } catch (IOException e) {
            throw new IllegalStateException("reading a string cannot fail", e);
        }
        return rows;
    }

    /** Text that is not CSV at all, with the line where reading stopped. */
    private static final class NotCsv extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final int line;

        NotCsv(int line, String reason) {
            super("line " + line + ": the closes are not CSV: " + reason);
            this.line = line;
        }
    }

    private static boolean blank(PriceHistoryValidator.Row row) {
        return row.fields().stream().allMatch(String::isBlank) && row.fields().size() <= 1;
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
