package io.concordia.margin.mark;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Decides the harmonized mark of one product from its venues' latest prices. Pure: no clock, database or framework;
 * the time, the prices and the marks in force over the move interval are passed in.
 *
 * <ol>
 * <li>Prices older than {@code maxAge} are stale and dropped.</li>
 * <li>Prices further than {@code band} from the median {@code m} of the fresh ones ({@code |p − m| > band × m}) are
 * outliers and dropped: a venue far from the others never enters the mark.</li>
 * <li>With fewer than {@code minSources} prices left there is no candidate: {@link Stale}, the last good mark stays.
 * There is no exception for a product listed on fewer venues: one venue alone never makes a mark.</li>
 * <li>The candidate is the median of what remains. If a mark was in force during the move interval, the candidate
 * must lie within {@code maxMove} of every such mark ({@code r × (1 − maxMove) ≤ c ≤ r × (1 + maxMove)} for the
 * lowest and the highest {@code r}); otherwise it is {@link Held} for an operator and the last good mark stays.</li>
 * </ol>
 * With at least two other venues agreeing, one venue cannot move the mark at all; with one other, at most
 * {@code band / (1 − band)} away from that venue's price; and no sequence of candidates moves the mark further than
 * {@code maxMove} within the interval without an operator.
 *
 * <p>Prices are USD per unit of the underlying. The median of an even count is the half-sum, rounded
 * {@link #MEDIAN_ROUNDING} at {@link #SCALE} decimals (the scale marks are stored at); every comparison is exact.
 */
public final class MarkCalculator {

    public static final MarkCalculator DEFAULT = new MarkCalculator();

    /** Marks are stored at 18 decimals. */
    public static final int SCALE = 18;
    /** The half-sum of the two middle prices of an even count. */
    public static final RoundingMode MEDIAN_ROUNDING = RoundingMode.HALF_EVEN;

    /**
     * How venue prices become a mark: prices older than {@code maxAge} are stale, further than {@code band} (a
     * fraction) from the median outliers; {@code minSources} usable prices are needed for a candidate; a candidate
     * further than {@code maxMove} (a fraction) from a mark in force during the move interval is held.
     */
    public record Rules(Duration maxAge, BigDecimal band, int minSources, BigDecimal maxMove) {

        public Rules {
            Objects.requireNonNull(maxAge, "maxAge");
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
            }
            requireFraction(band, "band");
            requireFraction(maxMove, "maxMove");
            if (minSources < 1) {
                throw new IllegalArgumentException("minSources must be at least 1, was " + minSources);
            }
        }

        public static Rules of(Duration maxAge, BigDecimal band, int minSources, BigDecimal maxMove) {
            return new Rules(maxAge, band, minSources, maxMove);
        }

        private static void requireFraction(BigDecimal value, String name) {
            if (value == null || value.signum() <= 0 || value.compareTo(BigDecimal.ONE) >= 0) {
                throw new IllegalArgumentException(name + " must be a fraction strictly between 0 and 1, was " + value);
            }
        }
    }

    /**
     * A venue's latest price for the product, USD per unit, reported at {@code at}; {@code iv}: an option's implied
     * volatility at that price, {@code null} for a linear product.
     */
    public record VenuePrice(long venueId, BigDecimal price, BigDecimal iv, Instant at) {

        public VenuePrice {
            if (price == null || price.signum() <= 0) {
                throw new IllegalArgumentException("price must be positive, was " + price);
            }
            if (iv != null && iv.signum() <= 0) {
                throw new IllegalArgumentException("iv must be positive, was " + iv);
            }
            Objects.requireNonNull(at, "at");
        }

        /** A linear product's price. */
        public VenuePrice(long venueId, BigDecimal price, Instant at) {
            this(venueId, price, null, at);
        }
    }

    /**
     * The lowest and highest mark in force during the move interval (USD per unit): the mark in force at its start
     * and every mark set since, from the last operator decision (override or acceptance) on.
     */
    public record MoveWindow(BigDecimal low, BigDecimal high) {

        public MoveWindow {
            if (low == null || high == null || low.signum() <= 0 || low.compareTo(high) > 0) {
                throw new IllegalArgumentException("a move window needs 0 < low <= high, was " + low + ".." + high);
            }
        }

        public static MoveWindow of(BigDecimal low, BigDecimal high) {
            return new MoveWindow(low, high);
        }

        /** A window holding one mark. */
        public static MoveWindow at(BigDecimal mark) {
            return new MoveWindow(mark, mark);
        }
    }

    /** Why there is no candidate. */
    public enum StaleReason {
        /** Fewer fresh venue prices than required. */
        TOO_FEW_FRESH_PRICES,
        /** Enough fresh prices, but too few of them within the band of their median: the venues disagree. */
        VENUES_DISAGREE
    }

    /** What to do with the mark; {@code sources}: how many venue prices were usable. */
    public sealed interface Decision permits Marked, Stale, Held {
        int sources();
    }

    /** A new mark, in force now. */
    public record Marked(BigDecimal price, int sources) implements Decision {}

    /** No candidate: keep the last good mark and flag it stale. */
    public record Stale(StaleReason reason, int sources) implements Decision {}

    /**
     * A candidate that moves too far: keep the last good mark and hold the candidate for an operator.
     * {@code reference}: the mark in force it is furthest from; {@code move}: {@code (price − reference) / reference},
     * signed, to 16 significant digits.
     */
    public record Held(BigDecimal price, int sources, BigDecimal reference, BigDecimal move) implements Decision {

        /** For the operator, e.g. "moves -53.1% from 64050 within PT5M (band 10%)". */
        public String describe(Rules rules, Duration interval) {
            return "moves " + percent(move) + " from "
                    + reference.stripTrailingZeros().toPlainString() + " within " + interval + " (band "
                    + percent(rules.maxMove()) + ")";
        }

        private static String percent(BigDecimal fraction) {
            return fraction.movePointRight(2)
                            .setScale(1, RoundingMode.HALF_EVEN)
                            .stripTrailingZeros()
                            .toPlainString() + "%";
        }
    }

    private MarkCalculator() {}

    /**
     * The decision for one product.
     *
     * @param prices each venue's latest price
     * @param now    the time the prices are judged at
     * @param window the marks in force during the move interval; {@code null} when the product has never had a mark
     */
    public Decision decide(Rules rules, List<VenuePrice> prices, Instant now, MoveWindow window) {
        List<VenuePrice> fresh = fresh(rules, prices, now);
        if (fresh.size() < rules.minSources()) {
            return new Stale(StaleReason.TOO_FEW_FRESH_PRICES, fresh.size());
        }
        List<VenuePrice> inBand = withinBand(rules, fresh);
        if (inBand.size() < rules.minSources()) {
            return new Stale(StaleReason.VENUES_DISAGREE, inBand.size());
        }
        BigDecimal candidate = median(inBand.stream().map(VenuePrice::price).toList());
        if (window == null) {
            return new Marked(candidate, inBand.size());
        }
        BigDecimal up = BigDecimal.ONE.add(rules.maxMove());
        BigDecimal down = BigDecimal.ONE.subtract(rules.maxMove());
        if (candidate.compareTo(window.low().multiply(up)) > 0) {
            return new Held(candidate, inBand.size(), window.low(), move(candidate, window.low()));
        }
        if (candidate.compareTo(window.high().multiply(down)) < 0) {
            return new Held(candidate, inBand.size(), window.high(), move(candidate, window.high()));
        }
        return new Marked(candidate, inBand.size());
    }

    /**
     * An option's mark implied volatility: the median of the implied volatilities of the venue prices that make its
     * mark (fresh and within the band), by the same rules as the price (docs/margin-model.md §8.2); {@code null} when
     * none of them carries one.
     */
    public BigDecimal impliedVolatility(Rules rules, List<VenuePrice> prices, Instant now) {
        List<BigDecimal> ivs = new ArrayList<>();
        for (VenuePrice p : withinBand(rules, fresh(rules, prices, now))) {
            if (p.iv() != null) {
                ivs.add(p.iv());
            }
        }
        return ivs.isEmpty() ? null : median(ivs);
    }

    /** The venue prices no older than {@code maxAge} at {@code now}. */
    private static List<VenuePrice> fresh(Rules rules, List<VenuePrice> prices, Instant now) {
        Instant oldest = now.minus(rules.maxAge());
        List<VenuePrice> fresh = new ArrayList<>(prices.size());
        for (VenuePrice p : prices) {
            if (!p.at().isBefore(oldest)) {
                fresh.add(p);
            }
        }
        return fresh;
    }

    /** The fresh prices within the band of their median: those a mark is made of. */
    private static List<VenuePrice> withinBand(Rules rules, List<VenuePrice> fresh) {
        if (fresh.isEmpty()) {
            return fresh;
        }
        BigDecimal median = median(fresh.stream().map(VenuePrice::price).toList());
        BigDecimal tolerance = rules.band().multiply(median);
        List<VenuePrice> inBand = new ArrayList<>(fresh.size());
        for (VenuePrice p : fresh) {
            if (p.price().subtract(median).abs().compareTo(tolerance) <= 0) {
                inBand.add(p);
            }
        }
        return inBand;
    }

    /** {@code (price − reference) / reference}, to 16 significant digits. */
    static BigDecimal move(BigDecimal price, BigDecimal reference) {
        return price.subtract(reference).divide(reference, MathContext.DECIMAL64);
    }

    /** The median; of an even count the half-sum of the middle two, at {@link #SCALE} rounded {@link #MEDIAN_ROUNDING}. */
    static BigDecimal median(List<BigDecimal> values) {
        List<BigDecimal> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        BigDecimal m = n % 2 == 1
                ? sorted.get(n / 2)
                : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2), SCALE, MEDIAN_ROUNDING);
        return m.stripTrailingZeros().scale() < 0 ? m.setScale(0) : m.stripTrailingZeros();
    }
}
