package io.concordia.margin.scenario;

import java.time.DayOfWeek;
import java.time.LocalDate;

/**
 * The dates a price history must have a close on (docs/margin-model.md, "Building a scenario set", input checks):
 * a history on a calendar has exactly one close on each of its dates from the first to the last, and none on any
 * other date.
 */
public enum TradingCalendar {

    /** Every calendar day: the default, for crypto, which trades every day. */
    CONTINUOUS {
        @Override
        public boolean contains(LocalDate date) {
            return true;
        }
    },

    /** Monday to Friday: series of markets closed at weekends. */
    WEEKDAYS {
        @Override
        public boolean contains(LocalDate date) {
            DayOfWeek d = date.getDayOfWeek();
            return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY;
        }
    };

    /**
     * @param date a date
     * @return whether the calendar expects a close on it
     */
    public abstract boolean contains(LocalDate date);

    /**
     * The calendar's first date after {@code date}.
     *
     * @param date a date
     * @return the next date with a close
     */
    public LocalDate next(LocalDate date) {
        LocalDate d = date.plusDays(1);
        while (!contains(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /**
     * The calendar with the given name.
     *
     * @param name {@code CONTINUOUS} or {@code WEEKDAYS}
     * @return the calendar
     * @throws IllegalArgumentException on any other name
     */
    public static TradingCalendar of(String name) {
        for (TradingCalendar c : values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        throw new IllegalArgumentException("calendar must be CONTINUOUS or WEEKDAYS, got: " + name);
    }
}
