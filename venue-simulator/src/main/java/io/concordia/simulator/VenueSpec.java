package io.concordia.simulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A simulated venue: its code, its symbol for the harmonized product, the size of one of its contracts in BTC, and
 * its weight in the assignment of historical trades to venues.
 *
 * @param code         the venue code, {@code [a-z0-9][a-z0-9-]{0,31}}; topics are {@code trades.<code>} and
 *                     {@code prices.<code>}
 * @param symbol       the venue's instrument symbol, e.g. {@code XBTUSD}
 * @param contractSize BTC per contract, &gt; 0, a whole number of satoshis (1e-8 BTC)
 * @param weight       relative share of the historical trades, &ge; 1 (equal weights = round robin)
 */
public record VenueSpec(String code, String symbol, BigDecimal contractSize, int weight) {

    /** Smallest contract size: one satoshi. */
    public static final BigDecimal SATOSHI = new BigDecimal("0.00000001");

    /** The three default venues: {@code venue-a XBTUSD 0.001}, {@code venue-b BTC-PERP 0.01}, {@code venue-c BTCUSDT 1}. */
    public static final List<VenueSpec> DEFAULTS = List.of(
            of("venue-a", "XBTUSD", new BigDecimal("0.001")),
            of("venue-b", "BTC-PERP", new BigDecimal("0.01")),
            of("venue-c", "BTCUSDT", BigDecimal.ONE));

    /** The default venues in the {@link #parseList(String)} format. */
    public static final String DEFAULTS_TEXT = "venue-a:XBTUSD:0.001,venue-b:BTC-PERP:0.01,venue-c:BTCUSDT:1";

    public VenueSpec {
        Checks.venueCode("code", code);
        Checks.text("symbol", symbol, TradeRecord.MAX_TEXT);
        contractSize = Checks.positiveDecimal("contractSize", contractSize);
        if (contractSize.remainder(SATOSHI).signum() != 0) {
            throw new IllegalArgumentException(
                    "contractSize must be a whole number of satoshis (1e-8 BTC): " + contractSize);
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1: " + weight);
        }
    }

    /** A venue of weight 1. */
    public static VenueSpec of(String code, String symbol, BigDecimal contractSize) {
        return new VenueSpec(code, symbol, contractSize, 1);
    }

    /** This venue with another weight. */
    public VenueSpec withWeight(int newWeight) {
        return new VenueSpec(code, symbol, contractSize, newWeight);
    }

    /** The contract size in satoshis, &ge; 1. */
    public long contractSizeSatoshis() {
        return contractSize.movePointRight(HistoricalTrades.AMOUNT_SCALE).longValueExact();
    }

    /** Parses {@code code:symbol:contractSize[:weight]}, e.g. {@code venue-a:XBTUSD:0.001} or {@code venue-c:BTCUSDT:1:2}. */
    public static VenueSpec parse(String text) {
        String[] parts = text.strip().split(":", -1);
        if (parts.length < 3 || parts.length > 4) {
            throw new IllegalArgumentException(
                    "venue must be code:symbol:contractSize[:weight], e.g. " + "venue-a:XBTUSD:0.001: " + text);
        }
        BigDecimal size;
        int weight = 1;
        try {
            size = new BigDecimal(parts[2]);
            if (parts.length == 4) {
                weight = Integer.parseInt(parts[3]);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("venue must be code:symbol:contractSize[:weight] with a decimal "
                    + "contract size and a whole weight: " + text);
        }
        return new VenueSpec(parts[0], parts[1], size, weight);
    }

    /** Parses a comma-separated list of {@link #parse(String)} specs; venue codes must be distinct. */
    public static List<VenueSpec> parseList(String text) {
        List<VenueSpec> venues = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                venues.add(parse(part));
            }
        }
        return checkDistinct(venues);
    }

    static List<VenueSpec> checkDistinct(List<VenueSpec> venues) {
        if (venues == null || venues.isEmpty()) {
            throw new IllegalArgumentException("venues must not be empty: " + venues);
        }
        Set<String> codes = new HashSet<>();
        for (VenueSpec venue : venues) {
            if (!codes.add(Checks.notNull("venue", venue).code())) {
                throw new IllegalArgumentException("venue codes must be distinct: " + venue.code() + " twice");
            }
        }
        return List.copyOf(venues);
    }

    /** {@code code:symbol:contractSize[:weight]}, the {@link #parse(String)} format. */
    public String toText() {
        return code + ":" + symbol + ":" + contractSize.toPlainString() + (weight == 1 ? "" : ":" + weight);
    }
}
