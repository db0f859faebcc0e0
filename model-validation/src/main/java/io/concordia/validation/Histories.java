package io.concordia.validation;

import io.concordia.margin.replication.PriceHistoryCsv;
import io.concordia.margin.scenario.CheckedHistory;
import io.concordia.margin.scenario.FhsParameters;
import io.concordia.margin.scenario.HistoryChecks;
import io.concordia.margin.scenario.TradingCalendar;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.TreeSet;

/** Where the closes come from: the shipped history, or a CSV the user names, read with the model's input checks. */
final class Histories {

    /**
     * The shipped history: R's EuStockMarkets (DAX, SMI, CAC, FTSE closes, 1,860 business days of 1991-1998), on
     * weekday dates assigned from 1991-07-01 (see this module's README for the source and the dates).
     */
    static final String SHIPPED = "eustockmarkets.csv";

    /** How the report names the shipped history. */
    static final String SHIPPED_NAME = "EuStockMarkets (R datasets): DAX, SMI, CAC, FTSE daily closes";

    private Histories() {}

    /** @return the shipped history's CSV text */
    static String shippedCsv() {
        try (InputStream in = Histories.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("resource " + SHIPPED + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads the history the options name.
     *
     * @param options the command line
     * @return the checked closes
     * @throws IllegalArgumentException listing every problem of a refused history
     */
    static CheckedHistory load(ValidationOptions options) {
        String csv;
        try {
            csv = options.history() == null
                    ? shippedCsv()
                    : Files.readString(options.history(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + options.history(), e);
        }
        return read(csv, options.calendar());
    }

    /**
     * Reads and checks closes as the service would for an upload (docs/margin-model.md §3, input checks).
     *
     * @param csv {@code date,underlying,close} text
     * @param calendar the calendar of its dates
     * @return the checked closes
     * @throws IllegalArgumentException listing every problem of a refused history
     */
    static CheckedHistory read(String csv, TradingCalendar calendar) {
        return PriceHistoryCsv.read(csv, FhsParameters.DEFAULT, new HistoryChecks(calendar, null, new TreeSet<>()))
                .orThrow();
    }
}
