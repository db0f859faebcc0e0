package io.concordia.margin.model;

import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * The contract terms of a European, cash-settled option (docs/margin-model.md §8.1).
 *
 * @param strike {@code K > 0}, USD per unit of the underlying
 * @param right call or put
 * @param expiry {@code T}, the instant of expiry (listed options expire at 08:00 UTC)
 */
public record OptionTerms(BigDecimal strike, OptionRight right, Instant expiry) {

    /** Validates the terms. @throws IllegalArgumentException on a null field or a strike that is not positive */
    public OptionTerms {
        Checks.positive(strike, "strike");
        Checks.notNull(right, "right");
        Checks.notNull(expiry, "expiry");
    }
}
