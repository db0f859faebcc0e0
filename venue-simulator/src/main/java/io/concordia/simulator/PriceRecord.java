package io.concordia.simulator;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A venue's mark price for one of its instruments, as published to {@code prices.<venue>} (clearing-api
 * {@code schemas/price.schema.json}); the record key is {@link #symbol()}.
 *
 * @param venue  the venue's code
 * @param symbol the venue's instrument symbol
 * @param price  USD per BTC, &gt; 0
 * @param at     the time of the mark
 */
public record PriceRecord(String venue, String symbol, BigDecimal price, Instant at) implements VenueRecord {

    public PriceRecord {
        Checks.venueCode("venue", venue);
        Checks.text("symbol", symbol, TradeRecord.MAX_TEXT);
        price = Checks.positiveDecimal("price", price);
        Checks.notNull("at", at);
    }

    @Override
    public String topic() {
        return "prices." + venue;
    }

    @Override
    public String key() {
        return symbol;
    }

    /** {@code {"venue":..,"symbol":..,"price":"800.25","at":"2013-11-25T00:00:00Z"}}. */
    @Override
    public String toJson() {
        return new Json.ObjectWriter()
                .field("venue", venue)
                .field("symbol", symbol)
                .field("price", price.toPlainString())
                .field("at", at.toString())
                .toString();
    }
}
