package io.concordia.simulator;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A simulated venue that lists the option chain, and the size of one of its option contracts.
 *
 * @param code         the code of one of the simulator's venues; its option trades and marks go to its topics
 * @param contractSize units of the underlying (BTC) per option contract, &gt; 0, a whole number of satoshis
 */
public record OptionVenue(String code, BigDecimal contractSize) {

    /** {@code venue-a} with contracts of 1 BTC and {@code venue-b} with contracts of 0.1 BTC. */
    public static final List<OptionVenue> DEFAULTS =
            List.of(new OptionVenue("venue-a", BigDecimal.ONE), new OptionVenue("venue-b", new BigDecimal("0.1")));

    /** The defaults in the {@link #parseList(String)} format. */
    public static final String DEFAULTS_TEXT = "venue-a:1,venue-b:0.1";

    public OptionVenue {
        Checks.venueCode("code", code);
        contractSize = Checks.positiveDecimal("contractSize", contractSize);
        if (contractSize.remainder(VenueSpec.SATOSHI).signum() != 0) {
            throw new IllegalArgumentException(
                    "contractSize must be a whole number of satoshis (1e-8 BTC): " + contractSize);
        }
    }

    /** Parses {@code code:contractSize}, e.g. {@code venue-a:1}. */
    public static OptionVenue parse(String text) {
        String[] parts = text.strip().split(":", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("option venue must be code:contractSize, e.g. venue-a:1: " + text);
        }
        try {
            return new OptionVenue(parts[0], new BigDecimal(parts[1]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "option venue must be code:contractSize with a decimal contract size: " + text);
        }
    }

    /** Parses a comma-separated list of {@link #parse(String)} specs; codes must be distinct. */
    public static List<OptionVenue> parseList(String text) {
        List<OptionVenue> venues = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                venues.add(parse(part));
            }
        }
        return checkDistinct(venues);
    }

    static List<OptionVenue> checkDistinct(List<OptionVenue> venues) {
        if (venues == null || venues.isEmpty()) {
            throw new IllegalArgumentException("option venues must not be empty: " + venues);
        }
        Set<String> codes = new HashSet<>();
        for (OptionVenue venue : venues) {
            if (!codes.add(Checks.notNull("option venue", venue).code())) {
                throw new IllegalArgumentException("option venue codes must be distinct: " + venue.code() + " twice");
            }
        }
        return List.copyOf(venues);
    }
}
