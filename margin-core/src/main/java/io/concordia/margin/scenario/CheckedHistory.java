package io.concordia.margin.scenario;

import java.util.regex.Pattern;

/**
 * A price history that passed every input check of docs/margin-model.md ("Building a scenario set"), with the
 * settings it was checked under and the SHA-256 of its closes.
 *
 * <p>The hash is taken over the closes' canonical form, which does not depend on the order of the rows, on line
 * endings or on how a close was written ({@code 64000.50} and {@code 64000.5} are the same close): UTF-8 text, the
 * line {@code date,underlying,close}, then one line per close sorted by underlying code (in Unicode order) and then
 * by date, each {@code yyyy-mm-dd,CODE,close}, every line ending in a single {@code \n}; a close is its decimal with
 * no sign, no exponent, no leading zeros before its integer digit(s) and no trailing zeros after its point (nor the
 * point itself when nothing follows it). The canonical form is itself a CSV that {@link PriceHistoryValidator#validate}
 * accepts, so anyone can recompute the hash with {@code sha256sum}.
 *
 * @param history the closes
 * @param checks the settings of the checks it passed
 * @param closesSha256 SHA-256 of the canonical form, 64 lower-case hexadecimal digits
 */
public record CheckedHistory(PriceHistory history, HistoryChecks checks, String closesSha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    /** Validates. @throws IllegalArgumentException on a missing part or a malformed hash */
    public CheckedHistory {
        if (history == null || checks == null) {
            throw new IllegalArgumentException("a checked history needs its closes and its checks");
        }
        if (closesSha256 == null || !SHA256.matcher(closesSha256).matches()) {
            throw new IllegalArgumentException(
                    "closesSha256 must be 64 lower-case hexadecimal digits, got: " + closesSha256);
        }
        if (history.calendar() != checks.calendar()) {
            throw new IllegalArgumentException("the history is on the " + history.calendar()
                    + " calendar but was checked on " + checks.calendar());
        }
    }
}
