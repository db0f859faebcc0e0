package io.concordia.margin.model;

import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The market inputs that options need beyond their marks (docs/margin-model.md §8.2): the valuation time and the
 * forward of every underlying. Rates are zero.
 *
 * @param valuationTime {@code t}, the mark snapshot's time; time to expiry is measured from it
 * @param forwards {@code F_u} per underlying, USD per unit, {@code > 0}: the harmonized mark of the underlying's
 *     reference product
 */
public record OptionMarket(Instant valuationTime, Map<UnderlyingId, BigDecimal> forwards) {

    /** Validates the inputs. @throws IllegalArgumentException on a null time or a forward that is not positive */
    public OptionMarket {
        Checks.notNull(valuationTime, "valuationTime");
        Checks.notNull(forwards, "forwards");
        Map<UnderlyingId, BigDecimal> f = new LinkedHashMap<>();
        forwards.forEach((u, x) -> f.put(Checks.notNull(u, "underlying"), Checks.positive(x, "forward of " + u)));
        forwards = Collections.unmodifiableMap(f);
    }

    /**
     * The forward of an underlying.
     *
     * @param underlying the underlying
     * @return {@code F_u}, USD per unit
     * @throws IllegalArgumentException if the inputs carry no forward for it
     */
    public BigDecimal forwardOf(UnderlyingId underlying) {
        BigDecimal f = forwards.get(underlying);
        if (f == null) {
            throw new IllegalArgumentException(
                    "forwards has no forward for " + underlying + " (has: " + forwards.keySet() + ")");
        }
        return f;
    }

    /**
     * The same inputs with one forward replaced (used to search liquidation prices).
     *
     * @param underlying the underlying
     * @param forward its new forward, {@code > 0}
     * @return the inputs
     */
    public OptionMarket withForward(UnderlyingId underlying, BigDecimal forward) {
        Map<UnderlyingId, BigDecimal> f = new LinkedHashMap<>(forwards);
        f.put(underlying, forward);
        return new OptionMarket(valuationTime, f);
    }
}
