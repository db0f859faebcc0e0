package io.concordia.simulator;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A venue's mark price for one of its instruments, as published to {@code prices.<venue>} (clearing-api
 * {@code schemas/price.schema.json}); the record key is {@link #symbol()}.
 *
 * @param venue  the venue's code
 * @param symbol the venue's instrument symbol
 * @param price  USD per unit of the underlying (per BTC), &gt; 0
 * @param iv     for an option, its mark implied volatility, annualised (0.6125 = 61.25 %), &gt; 0 (margin model
 *               §8.2); {@code null} for a linear instrument, whose record has no {@code iv}
 * @param at     the time of the mark
 */
public record PriceRecord(String venue, String symbol, BigDecimal price, BigDecimal iv, Instant at)
        implements VenueRecord {

    public PriceRecord {
        Checks.venueCode("venue", venue);
        Checks.text("symbol", symbol, TradeRecord.MAX_TEXT);
        price = Checks.positiveDecimal("price", price);
        if (iv != null) {
            iv = Checks.positiveDecimal("iv", iv);
        }
        Checks.notNull("at", at);
    }

    /** The mark of a linear instrument (no {@code iv}). */
    public PriceRecord(String venue, String symbol, BigDecimal price, Instant at) {
        this(venue, symbol, price, null, at);
    }

    @Override
    public String topic() {
        return "prices." + venue;
    }

    @Override
    public String key() {
        return symbol;
    }

    /**
     * {@code {"venue":..,"symbol":..,"price":"800.25","at":"2013-11-25T00:00:00Z"}}; an option's mark has its
     * {@code "iv":"0.6125"} after the price.
     */
    @Override
    public String toJson() {
        Json.ObjectWriter json = new Json.ObjectWriter()
                .field("venue", venue)
                .field("symbol", symbol)
                .field("price", price.toPlainString());
        if (iv != null) {
            json.field("iv", iv.toPlainString());
        }
        return json.field("at", at.toString()).toString();
    }
}
