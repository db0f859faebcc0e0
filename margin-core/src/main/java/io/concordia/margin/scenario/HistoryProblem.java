package io.concordia.margin.scenario;

import java.time.LocalDate;

/**
 * One reason a price history is refused (docs/margin-model.md, "Building a scenario set", input checks), naming
 * where it is: the underlying, the date and the line of the CSV, each {@code null} only when the problem has none
 * (a bad header has no underlying; a history given as values has no lines).
 *
 * @param code the stable reason
 * @param underlying the underlying code as written, or null
 * @param date the date concerned, or null
 * @param line the 1-based line of the CSV (the header is line 1), or null
 * @param message what is wrong, for people
 */
public record HistoryProblem(Code code, String underlying, LocalDate date, Integer line, String message) {

    /** Stable reasons, for machines. */
    public enum Code {
        /** The first line is not {@code date,underlying,close}. */
        BAD_HEADER,
        /** A row without exactly three fields, or a history without rows. */
        MALFORMED_ROW,
        /** A date that is not an ISO date {@code yyyy-mm-dd}. */
        INVALID_DATE,
        /** An underlying code outside {@code [A-Z0-9]{2,12}} (codes are case-sensitive: {@code btc} is not {@code BTC}). */
        INVALID_UNDERLYING,
        /** A close that is not a strict decimal string: digits, optionally a point and digits; at most 18 of each. */
        INVALID_CLOSE,
        /** A close of zero or below. */
        NON_POSITIVE_CLOSE,
        /** A second close for the same underlying and date. */
        DUPLICATE_CLOSE,
        /** A close on a date the calendar has none (a weekend on {@code WEEKDAYS}). */
        OFF_CALENDAR,
        /** Calendar dates missing between two closes. */
        GAP,
        /** An underlying that starts or ends on another date than the others. */
        MISALIGNED,
        /** Fewer closes than {@code minHistory}, or fewer scenarios than the window {@code W}. */
        TOO_SHORT,
        /** A daily return beyond 10 EWMA standard deviations that the next day reverses by at least 80%. */
        SUSPECTED_BAD_PRINT,
        /** A move after a period of zero variance (a constant price): the filter would divide by zero. */
        ZERO_VARIANCE
    }

    /** Validates. @throws IllegalArgumentException on a missing code or message */
    public HistoryProblem {
        if (code == null || message == null) {
            throw new IllegalArgumentException("a history problem needs a code and a message");
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (line != null) {
            sb.append("line ").append(line).append(": ");
        }
        if (underlying != null) {
            sb.append(underlying).append(' ');
        }
        if (date != null) {
            sb.append(date).append(' ');
        }
        return sb.append(code).append(": ").append(message).toString();
    }
}
