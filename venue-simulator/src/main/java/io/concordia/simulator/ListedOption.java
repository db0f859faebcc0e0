package io.concordia.simulator;

import io.concordia.margin.model.OptionRight;
import io.concordia.margin.option.Black76;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A European, cash-settled option of the simulated chain (margin model §8.1), named the Deribit way: {@code
 * BTC-04DEC26-800-C} is the call on BTC expiring on 4 Dec 2026 at 08:00 UTC with a strike of 800 USD. The venues and
 * Concordia's harmonized product use the same symbol.
 *
 * @param underlying the underlying's code, e.g. {@code BTC}: upper-case letters and digits
 * @param expiry     the instant of expiry, 08:00 UTC of the expiry date (the symbol carries only the date)
 * @param strike     USD per unit of the underlying, a positive whole number (the symbol writes it as a plain integer)
 * @param right      call or put
 */
public record ListedOption(String underlying, Instant expiry, BigDecimal strike, OptionRight right) {

    /** Listed options expire at this time of day, UTC (margin model §8.1). */
    public static final LocalTime EXPIRY_TIME = LocalTime.of(8, 0);

    /** Model prices are rounded {@link RoundingMode#HALF_EVEN} to the cent and are never below this tick. */
    public static final BigDecimal MIN_PRICE = new BigDecimal("0.01");

    private static final Pattern UNDERLYING = Pattern.compile("[A-Z0-9]{1,16}");

    /** {@code 04DEC26}: day of two digits, English month upper-case, year of two digits. */
    private static final DateTimeFormatter EXPIRY_DATE = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .appendPattern("ddMMMuu")
            .toFormatter(Locale.ENGLISH)
            .withResolverStyle(ResolverStyle.STRICT);

    /** Deribit itself writes the day without a leading zero ({@code 4DEC26}); both are read. */
    private static final Pattern SYMBOL =
            Pattern.compile("([A-Z0-9]{1,16})-(\\d{1,2})([A-Z]{3})(\\d{2})-([1-9]\\d{0,15})-([CP])");

    public ListedOption {
        checkUnderlying(underlying);
        Checks.notNull("expiry", expiry);
        if (!expiry.atOffset(ZoneOffset.UTC).toLocalTime().equals(EXPIRY_TIME)) {
            throw new IllegalArgumentException("expiry must be at 08:00 UTC: " + expiry);
        }
        strike = Checks.positiveDecimal("strike", strike);
        if (strike.stripTrailingZeros().scale() > 0) {
            throw new IllegalArgumentException("strike must be a whole number of USD: " + strike);
        }
        strike = strike.setScale(0);
        Checks.notNull("right", right);
    }

    /** An underlying's code as the symbols carry it: 1 to 16 upper-case letters or digits. */
    static String checkUnderlying(String underlying) {
        if (underlying == null || !UNDERLYING.matcher(underlying).matches()) {
            throw new IllegalArgumentException(
                    "underlying must be 1 to 16 upper-case letters or digits: " + underlying);
        }
        return underlying;
    }

    /** {@code <underlying>-<ddMMMyy>-<strike>-<C|P>}, e.g. {@code BTC-04DEC26-800-C}. */
    public String symbol() {
        String date = EXPIRY_DATE.format(expiry.atOffset(ZoneOffset.UTC)).toUpperCase(Locale.ROOT);
        return underlying + "-" + date + "-" + strike.toPlainString() + "-" + (right == OptionRight.CALL ? "C" : "P");
    }

    /** The option a {@link #symbol()} names (the day may also have one digit, as Deribit writes it). */
    public static ListedOption parse(String symbol) {
        Matcher m = symbol == null ? null : SYMBOL.matcher(symbol);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(
                    "option symbol must be UNDERLYING-ddMMMyy-STRIKE-C|P, e.g. " + "BTC-04DEC26-800-C: " + symbol);
        }
        LocalDate date;
        try {
            String day = m.group(2).length() == 1 ? "0" + m.group(2) : m.group(2);
            date = LocalDate.parse(day + m.group(3) + m.group(4), EXPIRY_DATE);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("option symbol has no valid expiry date: " + symbol);
        }
        return new ListedOption(
                m.group(1),
                date.atTime(EXPIRY_TIME).toInstant(ZoneOffset.UTC),
                new BigDecimal(m.group(5)),
                m.group(6).equals("C") ? OptionRight.CALL : OptionRight.PUT);
    }

    /**
     * The Black-76 value (zero rates, margin model §8.3) in USD per unit of the underlying, rounded
     * {@link RoundingMode#HALF_EVEN} to the cent and at least {@link #MIN_PRICE}: a venue quotes a far out-of-the-money
     * option at its minimum tick, never at zero.
     *
     * @param forward the underlying's price, USD per unit
     * @param iv      the implied volatility, annualised
     * @param at      the valuation time; {@code tau} runs from it to {@link #expiry()}
     */
    public BigDecimal modelPrice(BigDecimal forward, BigDecimal iv, Instant at) {
        double value = Black76.value(
                right,
                forward.doubleValue(),
                strike.doubleValue(),
                iv.doubleValue(),
                Black76.yearsToExpiry(at, expiry));
        BigDecimal cents = BigDecimal.valueOf(value).setScale(HistoricalTrades.PRICE_SCALE, RoundingMode.HALF_EVEN);
        return cents.max(MIN_PRICE);
    }
}
