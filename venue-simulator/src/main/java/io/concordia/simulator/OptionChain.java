package io.concordia.simulator;

import io.concordia.margin.model.OptionRight;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;

/**
 * The options a replay lists on one underlying, fixed before the first trade from two inputs only, so that the chain
 * is the same for the same replay:
 * <ul>
 *   <li><b>expiries</b>: the first {@value #EXPIRIES} Fridays at 08:00 UTC that are at least
 *       {@value #MIN_DAYS_TO_EXPIRY} days after the replay's last trade (weekly expiries, as Deribit lists them; no
 *       option of the replay is ever within two days of its expiry);</li>
 *   <li><b>strikes</b>: {@value #STRIKES} strikes, {@code atm + i * step} for {@code i = -4 .. 4}, where {@code step}
 *       is the round number (1, 2, 2.5 or 5 times a power of ten, a whole number of USD) nearest to
 *       {@value #STRIKE_SPACING_PERCENT} % of the replay's first price, and {@code atm} is that price rounded half up
 *       to a multiple of {@code step}; for the Bitstamp history (first price 800.01 USD) 600, 650, ..., 1000;</li>
 *   <li>a {@code CALL} and a {@code PUT} at every strike and expiry.</li>
 * </ul>
 *
 * @param underlying the underlying's code
 * @param expiries   ascending
 * @param strikes    ascending
 * @param options    by expiry, then strike, call before put
 */
public record OptionChain(
        String underlying, List<Instant> expiries, List<BigDecimal> strikes, List<ListedOption> options) {

    /** Number of expiries. */
    public static final int EXPIRIES = 3;

    /** Number of strikes per expiry. */
    public static final int STRIKES = 9;

    /** An expiry is at least this many days after the replay's last trade. */
    public static final int MIN_DAYS_TO_EXPIRY = 2;

    /** The strike step aimed at, percent of the first price. */
    public static final int STRIKE_SPACING_PERCENT = 5;

    private static final double[] ROUND_MANTISSAS = {1, 2, 2.5, 5};

    public OptionChain {
        Checks.notNull("underlying", underlying);
        expiries = List.copyOf(expiries);
        strikes = List.copyOf(strikes);
        options = List.copyOf(options);
    }

    /**
     * The chain of {@code underlying} for a replay whose first trade is at {@code firstPrice} and whose last trade
     * executes at {@code lastTradeAt}.
     */
    public static OptionChain of(String underlying, BigDecimal firstPrice, Instant lastTradeAt) {
        List<Instant> expiries = expiries(lastTradeAt);
        List<BigDecimal> strikes = strikes(firstPrice);
        List<ListedOption> options = new ArrayList<>();
        for (Instant expiry : expiries) {
            for (BigDecimal strike : strikes) {
                options.add(new ListedOption(underlying, expiry, strike, OptionRight.CALL));
                options.add(new ListedOption(underlying, expiry, strike, OptionRight.PUT));
            }
        }
        return new OptionChain(underlying, expiries, strikes, options);
    }

    /** The first {@value #EXPIRIES} Fridays at 08:00 UTC at or after {@code lastTradeAt} + 2 days. */
    static List<Instant> expiries(Instant lastTradeAt) {
        ZonedDateTime earliest =
                lastTradeAt.plus(Duration.ofDays(MIN_DAYS_TO_EXPIRY)).atZone(ZoneOffset.UTC);
        ZonedDateTime friday =
                earliest.with(TemporalAdjusters.nextOrSame(DayOfWeek.FRIDAY)).with(ListedOption.EXPIRY_TIME);
        if (friday.isBefore(earliest)) {
            friday = friday.plusWeeks(1);
        }
        List<Instant> expiries = new ArrayList<>();
        for (int e = 0; e < EXPIRIES; e++) {
            expiries.add(friday.plusWeeks(e).toInstant());
        }
        return expiries;
    }

    /** The {@value #STRIKES} strikes around {@code price} (those above zero). */
    static List<BigDecimal> strikes(BigDecimal price) {
        BigDecimal step = strikeStep(price);
        BigDecimal atm = price.divide(step, 0, RoundingMode.HALF_UP).multiply(step);
        List<BigDecimal> strikes = new ArrayList<>();
        for (int i = -(STRIKES / 2); i <= STRIKES / 2; i++) {
            BigDecimal strike = atm.add(step.multiply(BigDecimal.valueOf(i)));
            if (strike.signum() > 0) {
                strikes.add(strike);
            }
        }
        return strikes;
    }

    /**
     * The whole round number (1, 2, 2.5 or 5 times a power of ten) nearest, by ratio, to
     * {@value #STRIKE_SPACING_PERCENT} % of {@code price}; at least 1 USD.
     */
    static BigDecimal strikeStep(BigDecimal price) {
        double target = Checks.positiveDecimal("price", price).doubleValue() * STRIKE_SPACING_PERCENT / 100.0;
        double best = 1;
        for (double power = 1; power <= target * 10; power *= 10) {
            for (double mantissa : ROUND_MANTISSAS) {
                double candidate = mantissa * power;
                if (candidate == Math.rint(candidate)
                        && Math.abs(Math.log(candidate / target)) < Math.abs(Math.log(best / target))) {
                    best = candidate;
                }
            }
        }
        return BigDecimal.valueOf((long) best);
    }
}
