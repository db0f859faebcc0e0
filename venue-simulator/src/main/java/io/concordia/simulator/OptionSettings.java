package io.concordia.simulator;

import java.util.List;

/**
 * The option chain a replay adds (the command's {@code --options}).
 *
 * @param underlying the chain's underlying, also the first part of the option symbols (default {@code BTC})
 * @param venues     the venues that list the chain, each with its option contract size
 * @param smile      the implied volatilities quoted
 * @param tradeEvery every {@code tradeEvery}-th replayed trade (the {@code tradeEvery}-th, {@code 2 tradeEvery}-th,
 *                   ...) is followed by an option trade; &ge; 1
 * @param priceEvery an option venue publishes the marks of every option it has traded after its 1st option trade and
 *                   then after every {@code priceEvery}-th; 0 = no option marks
 */
public record OptionSettings(
        String underlying, List<OptionVenue> venues, VolatilitySmile smile, int tradeEvery, int priceEvery) {

    /** The default {@link #tradeEvery()}. */
    public static final int DEFAULT_TRADE_EVERY = 10;

    /** The default {@link #priceEvery()}. */
    public static final int DEFAULT_PRICE_EVERY = 10;

    /** The BTC chain on {@link OptionVenue#DEFAULTS} with the {@link VolatilitySmile#DEFAULT} smile. */
    public static final OptionSettings DEFAULTS = new OptionSettings(
            VenueSimulator.UNDERLYING,
            OptionVenue.DEFAULTS,
            VolatilitySmile.DEFAULT,
            DEFAULT_TRADE_EVERY,
            DEFAULT_PRICE_EVERY);

    public OptionSettings {
        ListedOption.checkUnderlying(underlying);
        venues = OptionVenue.checkDistinct(venues);
        Checks.notNull("smile", smile);
        if (tradeEvery < 1) {
            throw new IllegalArgumentException("tradeEvery must be >= 1: " + tradeEvery);
        }
        if (priceEvery < 0) {
            throw new IllegalArgumentException("priceEvery must be >= 0: " + priceEvery);
        }
    }

    /**
     * Per option venue, its position in {@code listed} (whose order gives a venue its marks' bias).
     *
     * @throws IllegalArgumentException if an option venue is not one of them
     */
    int[] positionsIn(List<VenueSpec> listed) {
        List<String> codes = listed.stream().map(VenueSpec::code).toList();
        int[] positions = new int[venues.size()];
        for (int o = 0; o < positions.length; o++) {
            positions[o] = codes.indexOf(venues.get(o).code());
            if (positions[o] < 0) {
                throw new IllegalArgumentException("option venue "
                        + venues.get(o).code() + " must be one of the venues: " + String.join(", ", codes));
            }
        }
        return positions;
    }

    public OptionSettings withUnderlying(String newUnderlying) {
        return new OptionSettings(newUnderlying, venues, smile, tradeEvery, priceEvery);
    }

    public OptionSettings withVenues(List<OptionVenue> newVenues) {
        return new OptionSettings(underlying, newVenues, smile, tradeEvery, priceEvery);
    }

    public OptionSettings withSmile(VolatilitySmile newSmile) {
        return new OptionSettings(underlying, venues, newSmile, tradeEvery, priceEvery);
    }

    public OptionSettings withTradeEvery(int newTradeEvery) {
        return new OptionSettings(underlying, venues, smile, newTradeEvery, priceEvery);
    }

    public OptionSettings withPriceEvery(int newPriceEvery) {
        return new OptionSettings(underlying, venues, smile, tradeEvery, newPriceEvery);
    }
}
