package io.concordia.margin.scenario;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The settings of the input checks of docs/margin-model.md ("Building a scenario set"), which run before any step of
 * the build.
 *
 * @param calendar the dates a history must have closes on (default {@link TradingCalendar#CONTINUOUS})
 * @param minHistory the fewest closes per underlying, or {@code null} for the default {@code 250 + h}
 * @param acceptSpikes dates on which a suspected bad print is known to be a real move and is accepted (empty by
 *     default); a date applies to every underlying
 */
public record HistoryChecks(TradingCalendar calendar, Integer minHistory, SortedSet<LocalDate> acceptSpikes) {

    /** Closes the default minimum history adds to the horizon: about one year of daily scenarios. */
    public static final int MIN_SCENARIO_DAYS = 250;

    /** Continuous calendar, {@code 250 + h} closes at least, no accepted spikes. */
    public static final HistoryChecks DEFAULT = new HistoryChecks(TradingCalendar.CONTINUOUS, null, new TreeSet<>());

    /** Validates and copies. @throws IllegalArgumentException naming the setting and value */
    public HistoryChecks {
        if (calendar == null) {
            throw new IllegalArgumentException("calendar must not be null");
        }
        if (minHistory != null && minHistory < 3) {
            throw new IllegalArgumentException("minHistory must be >= 3 closes, got: " + minHistory);
        }
        if (acceptSpikes == null) {
            throw new IllegalArgumentException("acceptSpikes must be a set of dates, got: null");
        }
        // TreeSet refuses a null date
        acceptSpikes = Collections.unmodifiableSortedSet(new TreeSet<>(acceptSpikes));
    }

    /**
     * Settings from their text form, where {@code null} takes the default.
     *
     * @param calendar {@code CONTINUOUS} or {@code WEEKDAYS}, or null
     * @param minHistory the fewest closes, or null for {@code 250 + h}
     * @param acceptSpikes ISO dates, each entry possibly a comma-separated list, or null
     * @return the settings
     * @throws IllegalArgumentException naming a bad calendar, minimum or date
     */
    public static HistoryChecks of(String calendar, Integer minHistory, Collection<String> acceptSpikes) {
        SortedSet<LocalDate> dates = new TreeSet<>();
        if (acceptSpikes != null) {
            for (String entry : acceptSpikes) {
                for (String d : entry.split(",", -1)) {
                    try {
                        dates.add(LocalDate.parse(d.trim()));
                    } catch (DateTimeParseException e) {
                        throw new IllegalArgumentException("acceptSpikes must list ISO dates (yyyy-mm-dd), got: " + d);
                    }
                }
            }
        }
        return new HistoryChecks(
                calendar == null ? TradingCalendar.CONTINUOUS : TradingCalendar.of(calendar), minHistory, dates);
    }

    /**
     * The fewest closes accepted at a horizon.
     *
     * @param horizon h in days
     * @return {@code minHistory}, or {@code 250 + h} when it is not set
     * @throws IllegalArgumentException if {@code minHistory} leaves no scenario: fewer than {@code h + 2} closes
     */
    public int minHistoryAt(int horizon) {
        if (minHistory == null) {
            return MIN_SCENARIO_DAYS + horizon;
        }
        if (minHistory < horizon + 2) {
            throw new IllegalArgumentException("minHistory must be >= horizon + 2 = " + (horizon + 2)
                    + " closes (one scenario at least), got: " + minHistory);
        }
        return minHistory;
    }
}
