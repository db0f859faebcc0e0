package io.concordia.clearing.mark;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The harmonized mark of one product from its venues' latest prices: stale prices (older than {@code maxAge})
 * are dropped, then outliers further than {@code band} (a fraction) from the median of the fresh ones, and the
 * mark is the median of what remains. With fewer than {@code minSources} prices left there is no new mark: the
 * caller keeps the last good one and flags the product. One venue cannot move the mark on its own once two or
 * more venues list the product.
 */
public final class MarkCalculator {

    /** A venue's latest price for the product. */
    public record VenuePrice(long venueId, BigDecimal price, Instant at) {
    }

    /** The new mark if there is one, and how many venue prices it used. */
    public record Result(Optional<BigDecimal> mark, int sources) {
    }

    /** Marks are stored at 18 decimals; the median of an even count is a half-sum, rounded half-even there. */
    static final int SCALE = 18;

    private MarkCalculator() {
    }

    public static Result compute(List<VenuePrice> prices, Instant now, Duration maxAge, BigDecimal band, int minSources) {
        List<BigDecimal> fresh = new ArrayList<>();
        for (VenuePrice p : prices) {
            if (!p.at().isBefore(now.minus(maxAge))) {
                fresh.add(p.price());
            }
        }
        if (fresh.size() < minSources || fresh.isEmpty()) {
            return new Result(Optional.empty(), fresh.size());
        }
        BigDecimal median = median(fresh);
        List<BigDecimal> inBand = new ArrayList<>();
        for (BigDecimal p : fresh) {
            BigDecimal deviation = p.subtract(median).abs().divide(median, MathContext.DECIMAL64);
            if (deviation.compareTo(band) <= 0) {
                inBand.add(p);
            }
        }
        if (inBand.size() < minSources || inBand.isEmpty()) {
            return new Result(Optional.empty(), inBand.size());
        }
        return new Result(Optional.of(median(inBand)), inBand.size());
    }

    static BigDecimal median(List<BigDecimal> values) {
        List<BigDecimal> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int n = sorted.size();
        BigDecimal m = n % 2 == 1 ? sorted.get(n / 2)
                : sorted.get(n / 2 - 1).add(sorted.get(n / 2)).divide(BigDecimal.valueOf(2), SCALE, RoundingMode.HALF_EVEN);
        return m.stripTrailingZeros().scale() < 0 ? m.setScale(0) : m.stripTrailingZeros();
    }
}
