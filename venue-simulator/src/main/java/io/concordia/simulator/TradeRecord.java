package io.concordia.simulator;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * An executed trade as a venue publishes it to {@code trades.<venue>} (clearing-api
 * {@code schemas/trade.schema.json}); the record key is {@link #tradeId()}.
 *
 * @param venue      the venue's code, {@code [a-z0-9][a-z0-9-]{0,31}}
 * @param tradeId    the venue's trade id, unique per venue, 1–64 characters
 * @param symbol     the venue's instrument symbol, 1–64 characters
 * @param price      USD per BTC, &gt; 0
 * @param quantity   venue contracts, &gt; 0 (the simulator produces whole numbers); the buyer goes long and the seller
 *                   short by this quantity
 * @param buyer      the buying account's code
 * @param seller     the selling account's code, not the buyer's
 * @param executedAt execution time
 */
public record TradeRecord(
        String venue,
        String tradeId,
        String symbol,
        BigDecimal price,
        BigDecimal quantity,
        String buyer,
        String seller,
        Instant executedAt)
        implements VenueRecord {

    /** Maximum length of ids, symbols and account codes. */
    public static final int MAX_TEXT = 64;

    public TradeRecord {
        Checks.venueCode("venue", venue);
        Checks.text("tradeId", tradeId, MAX_TEXT);
        Checks.text("symbol", symbol, MAX_TEXT);
        price = Checks.positiveDecimal("price", price);
        quantity = Checks.positiveDecimal("quantity", quantity);
        Checks.text("buyer", buyer, MAX_TEXT);
        Checks.text("seller", seller, MAX_TEXT);
        if (buyer.equals(seller)) {
            throw new IllegalArgumentException("buyer and seller must differ: " + buyer);
        }
        Checks.notNull("executedAt", executedAt);
    }

    @Override
    public String topic() {
        return "trades." + venue;
    }

    @Override
    public String key() {
        return tradeId;
    }

    /**
     * {@code {"venue":..,"tradeId":..,"symbol":..,"price":"800.01","quantity":"100","buyer":..,"seller":..,
     * "executedAt":"2013-11-25T00:00:00Z"}}: decimals as plain strings, the time as an ISO-8601 instant in UTC.
     */
    @Override
    public String toJson() {
        return new Json.ObjectWriter()
                .field("venue", venue)
                .field("tradeId", tradeId)
                .field("symbol", symbol)
                .field("price", price.toPlainString())
                .field("quantity", quantity.toPlainString())
                .field("buyer", buyer)
                .field("seller", seller)
                .field("executedAt", executedAt.toString())
                .toString();
    }
}
