package io.concordia.simulator;

/**
 * What to replay.
 *
 * @param seed       seed of the random choice of buyer and seller and of the marks' noise; the same seed gives the
 *                   same records
 * @param trades     number of trades, &ge; 0; beyond the history's size the history is replayed again with fresh ids
 * @param priceEvery a venue publishes its mark after its 1st trade and then after every {@code priceEvery}-th of its
 *                   trades; 0 = no prices
 * @param timeShift  how historical times become execution times
 * @param idPrefix   prefix of the trade ids ({@code <prefix><n>}, n = 1, 2, ... per venue); {@code null} = {@code
 *                   s<seed>-}, so that runs with other seeds never reuse an id for another trade
 */
public record SimulationOptions(long seed, long trades, int priceEvery, TimeShift timeShift, String idPrefix) {

    /** Trades in the Bitstamp history: the default count. */
    public static final int HISTORY_TRADES = 100_000;

    /** The default {@link #priceEvery()}. */
    public static final int DEFAULT_PRICE_EVERY = 100;

    /** Room left in a 64-character trade id for the sequence number. */
    private static final int MAX_PREFIX = TradeRecord.MAX_TEXT - 20;

    public SimulationOptions {
        if (trades < 0) {
            throw new IllegalArgumentException("trades must be >= 0: " + trades);
        }
        if (priceEvery < 0) {
            throw new IllegalArgumentException("priceEvery must be >= 0: " + priceEvery);
        }
        Checks.notNull("timeShift", timeShift);
        if (idPrefix != null
                && (idPrefix.length() > MAX_PREFIX || !idPrefix.strip().equals(idPrefix))) {
            throw new IllegalArgumentException("idPrefix must be at most " + MAX_PREFIX
                    + " characters without surrounding blanks: " + Json.quote(idPrefix));
        }
    }

    /**
     * {@code trades} trades with the given seed, a price every {@value #DEFAULT_PRICE_EVERY} trades per venue, the
     * last trade executing at {@code end}, ids prefixed {@code s<seed>-}.
     */
    public static SimulationOptions of(long seed, long trades, java.time.Instant end) {
        return new SimulationOptions(seed, trades, DEFAULT_PRICE_EVERY, TimeShift.endingAt(end), null);
    }

    public SimulationOptions withSeed(long newSeed) {
        return new SimulationOptions(newSeed, trades, priceEvery, timeShift, idPrefix);
    }

    public SimulationOptions withTrades(long newTrades) {
        return new SimulationOptions(seed, newTrades, priceEvery, timeShift, idPrefix);
    }

    public SimulationOptions withPriceEvery(int newPriceEvery) {
        return new SimulationOptions(seed, trades, newPriceEvery, timeShift, idPrefix);
    }

    public SimulationOptions withTimeShift(TimeShift newTimeShift) {
        return new SimulationOptions(seed, trades, priceEvery, newTimeShift, idPrefix);
    }

    public SimulationOptions withIdPrefix(String newIdPrefix) {
        return new SimulationOptions(seed, trades, priceEvery, timeShift, newIdPrefix);
    }

    /** The prefix the ids get: {@link #idPrefix()}, or {@code s<seed>-} when that is null. */
    public String effectiveIdPrefix() {
        return idPrefix != null ? idPrefix : "s" + seed + "-";
    }
}
