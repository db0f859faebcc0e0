package io.concordia.validation;

import io.concordia.margin.scenario.TradingCalendar;
import java.nio.file.Path;

/**
 * The command line of {@link ModelValidationMain}.
 *
 * @param history a CSV of daily closes ({@code date,underlying,close}), or {@code null} for the shipped history
 * @param out the folder the report and charts are written to
 * @param calendar the calendar of the history's dates
 */
record ValidationOptions(Path history, Path out, TradingCalendar calendar) {

    /** Where the report goes without {@code --out}, relative to the working directory. */
    static final Path DEFAULT_OUT = Path.of("target", "validation-report");

    static final String USAGE =
            "usage: model-validation [--history <closes.csv>] [--calendar CONTINUOUS|WEEKDAYS] [--out <dir>]\n"
                    + "  without --history: the shipped EuStockMarkets history (WEEKDAYS); a given history is CONTINUOUS unless told\n"
                    + "  without --out: " + DEFAULT_OUT;

    /**
     * Reads the arguments.
     *
     * @param args {@code --history <csv>}, {@code --calendar <name>}, {@code --out <dir>}, each optional
     * @return the options
     * @throws IllegalArgumentException on an unknown argument or a missing value
     */
    static ValidationOptions parse(String... args) {
        Path history = null;
        Path out = DEFAULT_OUT;
        TradingCalendar calendar = null;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + name + "\n" + USAGE);
            }
            String value = args[++i];
            switch (name) {
                case "--history" -> history = Path.of(value);
                case "--out" -> out = Path.of(value);
                case "--calendar" -> calendar = TradingCalendar.of(value);
                default -> throw new IllegalArgumentException("unknown argument: " + name + "\n" + USAGE);
            }
        }
        if (calendar == null) {
            calendar = history == null ? TradingCalendar.WEEKDAYS : TradingCalendar.CONTINUOUS;
        }
        return new ValidationOptions(history, out, calendar);
    }
}
