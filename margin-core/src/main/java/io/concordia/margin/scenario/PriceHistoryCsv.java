package io.concordia.margin.scenario;

import io.concordia.margin.model.UnderlyingId;

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
 * Reads daily closes from CSV text with the header {@code date,underlying,close} (the body of the scenario-set
 * upload in docs/contracts.md), one row per underlying per day, ISO dates, decimal closes; rows may come in any order.
 * Every underlying must cover the same consecutive dates ({@link PriceHistory#aligned}). Errors name the line.
 */
public final class PriceHistoryCsv {

    private PriceHistoryCsv() {
    }

    /**
     * Parses the CSV text.
     *
     * @param csv the text
     * @return the validated history
     * @throws IllegalArgumentException naming the line on a bad header, a malformed row, a duplicate
     *     (date, underlying), or any check of {@link PriceHistory}
     */
    public static PriceHistory parse(String csv) {
        if (csv == null || csv.isBlank()) {
            throw new IllegalArgumentException("CSV must not be empty; expected the header date,underlying,close");
        }
        String[] lines = csv.split("\r?\n");
        if (!lines[0].trim().equals("date,underlying,close")) {
            throw new IllegalArgumentException("line 1: header must be date,underlying,close, got: " + lines[0]);
        }
        Map<UnderlyingId, TreeMap<LocalDate, Double>> byUnderlying = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 3) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected 3 fields date,underlying,close, got: " + line);
            }
            LocalDate date;
            UnderlyingId u;
            double close;
            try {
                date = LocalDate.parse(f[0].trim());
                u = UnderlyingId.of(f[1].trim());
                close = Double.parseDouble(f[2].trim());
            } catch (DateTimeParseException | NumberFormatException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": cannot parse " + line + " (" + e.getMessage() + ")");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage());
            }
            if (!seen.add(date + "|" + u.code())) {
                throw new IllegalArgumentException("line " + (i + 1) + ": duplicate close for " + u + " on " + date);
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
}
