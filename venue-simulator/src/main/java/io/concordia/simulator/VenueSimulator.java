package io.concordia.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Replays a trade history through simulated venues. Pure and deterministic: no clock, no I/O; each iteration
 * produces the same records for the same inputs.
 *
 * <p>For trade {@code g = 0 .. trades-1} of the replay, with {@code i = g mod H} (H = history size) and cycle
 * {@code c = g div H}:
 * <ul>
 *   <li><b>venue</b>: smooth weighted round robin over the venues (equal weights: a, b, c, a, b, c, ...);</li>
 *   <li><b>tradeId</b>: {@code <idPrefix><n>}, n = 1, 2, ... counting that venue's trades, so ids are unique per
 *       venue across cycles;</li>
 *   <li><b>price</b>: the historical price of trade i, USD per BTC, 2 decimals;</li>
 *   <li><b>quantity</b>: historical amount (BTC) / the venue's contract size, rounded {@link RoundingMode#HALF_UP}
 *       to whole contracts, at least 1 (the history has trades of 0 BTC and trades smaller than half a
 *       contract);</li>
 *   <li><b>buyer, seller</b>: two distinct accounts drawn uniformly with a {@link SplittableRandom} of the
 *       seed;</li>
 *   <li><b>executedAt</b>: the historical second of trade i + c × (history span + 1 s), shifted by the
 *       {@link TimeShift}.</li>
 * </ul>
 *
 * <p>A venue's mark follows its 1st trade and every {@code priceEvery}-th trade after: its last trade price × (1 +
 * the venue's bias + noise), rounded {@link RoundingMode#HALF_EVEN} to the cent. The bias is a fixed offset per
 * position in the venue list, -1.5, +0.5, +2.5, -0.5, +1.5 bp, repeating; the noise is uniform in
 * ±{@value #NOISE_TENTHS_OF_BP} tenths of a basis point, drawn from a random of the seed and the venue's position.
 * So a mark is within 3 bp (about 30 cents at 1,000 USD) of the venue's last trade price. A price record comes right after the trade that triggered it, with that trade's time.
 */
public final class VenueSimulator implements Iterable<VenueRecord> {

    /** The harmonized product every simulated venue instrument maps to. */
    public static final String PRODUCT = "BTC-PERP";

    /** The product's underlying. */
    public static final String UNDERLYING = "BTC";

    /** Bound of the marks' noise, tenths of a basis point (±0.5 bp). */
    public static final int NOISE_TENTHS_OF_BP = 5;

    private static final int[] BIAS_TENTHS_OF_BP = {-15, 5, 25, -5, 15};

    private static final BigDecimal TENTHS_OF_BP_PER_ONE = BigDecimal.valueOf(100_000);

    private final HistoricalTrades history;
    private final List<VenueSpec> venues;
    private final List<String> accounts;
    private final SimulationOptions options;
    private final long[] contractSatoshis;
    private final String[] venueCodes;
    private final long firstSecond;
    private final long lastSecond;

    private VenueSimulator(HistoricalTrades history, List<VenueSpec> venues, List<String> accounts,
                           SimulationOptions options) {
        this.history = Checks.notNull("history", history);
        this.venues = VenueSpec.checkDistinct(venues);
        this.accounts = checkAccounts(accounts);
        this.options = Checks.notNull("options", options);
        this.contractSatoshis = this.venues.stream().mapToLong(VenueSpec::contractSizeSatoshis).toArray();
        this.venueCodes = this.venues.stream().map(VenueSpec::code).toArray(String[]::new);
        this.firstSecond = virtualSecond(0);
        this.lastSecond = options.trades() == 0 ? firstSecond : virtualSecond(options.trades() - 1);
    }

    /** A simulator over {@code history}. */
    public static VenueSimulator of(HistoricalTrades history, List<VenueSpec> venues, List<String> accounts,
                                    SimulationOptions options) {
        return new VenueSimulator(history, venues, accounts, options);
    }

    /** A simulator over the 100,000 Bitstamp trades. */
    public static VenueSimulator bitstamp(List<VenueSpec> venues, List<String> accounts, SimulationOptions options) {
        return new VenueSimulator(HistoricalTrades.bitstamp(), venues, accounts, options);
    }

    private static List<String> checkAccounts(List<String> accounts) {
        if (accounts == null || accounts.size() < 2) {
            throw new IllegalArgumentException("accounts must hold at least 2 account codes: " + accounts);
        }
        Set<String> seen = new HashSet<>();
        for (String account : accounts) {
            Checks.text("account", account, TradeRecord.MAX_TEXT);
            if (!seen.add(account)) {
                throw new IllegalArgumentException("accounts must be distinct: " + account + " twice");
            }
        }
        return List.copyOf(accounts);
    }

    public List<VenueSpec> venues() {
        return venues;
    }

    public List<String> accounts() {
        return accounts;
    }

    public SimulationOptions options() {
        return options;
    }

    /** The number of trades a full iteration produces. */
    public long tradeCount() {
        return options.trades();
    }

    /** The topics the records go to: {@code trades.<venue>} then {@code prices.<venue>} for every venue. */
    public List<String> topics() {
        List<String> topics = new ArrayList<>();
        for (String code : venueCodes) {
            topics.add("trades." + code);
        }
        for (String code : venueCodes) {
            topics.add("prices." + code);
        }
        return topics;
    }

    /** All records, trades and prices, in replay order. */
    @Override
    public Iterator<VenueRecord> iterator() {
        return new Replay();
    }

    /** All records, trades and prices, in replay order (sequential). */
    public Stream<VenueRecord> records() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(iterator(),
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** The trades, in replay order. */
    public Stream<TradeRecord> trades() {
        return records().filter(TradeRecord.class::isInstance).map(TradeRecord.class::cast);
    }

    /** The prices, in replay order. */
    public Stream<PriceRecord> prices() {
        return records().filter(PriceRecord.class::isInstance).map(PriceRecord.class::cast);
    }

    /**
     * Whole contracts for an amount: {@code amountSatoshis / contractSatoshis} rounded half up, at least 1.
     */
    static long contracts(long amountSatoshis, long contractSatoshis) {
        long rounded = (2 * amountSatoshis + contractSatoshis) / (2 * contractSatoshis);
        return Math.max(1, rounded);
    }

    /**
     * The fixed deviation of the mark of the venue at {@code position} in the venue list, in tenths of a basis
     * point: -1.5, +0.5, +2.5, -0.5, +1.5 bp for positions 0 to 4, then again.
     */
    static int biasTenthsOfBp(int position) {
        return BIAS_TENTHS_OF_BP[position % BIAS_TENTHS_OF_BP.length];
    }

    private long virtualSecond(long g) {
        int n = history.size();
        long cycle = g / n;
        return history.epochSecond((int) (g % n)) + cycle * (history.spanSeconds() + 1);
    }

    /** One pass over the replay; all mutable state of an iteration lives here. */
    private final class Replay implements Iterator<VenueRecord> {
        private final SplittableRandom accountsRandom = new SplittableRandom(options.seed());
        private final SplittableRandom[] noiseRandoms = new SplittableRandom[venues.size()];
        private final long[] current = new long[venues.size()];
        private final long[] venueTrades = new long[venues.size()];
        private final int totalWeight;
        private final String idPrefix = options.effectiveIdPrefix();
        private long next;
        private PriceRecord pendingPrice;

        Replay() {
            int total = 0;
            for (int v = 0; v < venues.size(); v++) {
                total += venues.get(v).weight();
                noiseRandoms[v] = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + v + 1);
            }
            totalWeight = total;
        }

        @Override
        public boolean hasNext() {
            return pendingPrice != null || next < options.trades();
        }

        @Override
        public VenueRecord next() {
            if (pendingPrice != null) {
                PriceRecord price = pendingPrice;
                pendingPrice = null;
                return price;
            }
            if (next >= options.trades()) {
                throw new NoSuchElementException();
            }
            long g = next++;
            int i = (int) (g % history.size());
            int v = nextVenue();
            VenueSpec venue = venues.get(v);
            long n = ++venueTrades[v];
            int buyer = accountsRandom.nextInt(accounts.size());
            int seller = accountsRandom.nextInt(accounts.size() - 1);
            if (seller >= buyer) {
                seller++;
            }
            Instant at = options.timeShift().apply(virtualSecond(g), firstSecond, lastSecond);
            TradeRecord trade = new TradeRecord(venue.code(), idPrefix + n, venue.symbol(), history.price(i),
                    BigDecimal.valueOf(contracts(history.amountSatoshis(i), contractSatoshis[v])),
                    accounts.get(buyer), accounts.get(seller), at);
            if (options.priceEvery() > 0 && (n - 1) % options.priceEvery() == 0) {
                pendingPrice = new PriceRecord(venue.code(), venue.symbol(), mark(v, history.priceCents(i)), at);
            }
            return trade;
        }

        private int nextVenue() {
            int best = 0;
            for (int v = 0; v < current.length; v++) {
                current[v] += venues.get(v).weight();
                if (current[v] > current[best]) {
                    best = v;
                }
            }
            current[best] -= totalWeight;
            return best;
        }

        private BigDecimal mark(int v, long lastPriceCents) {
            int deviation = biasTenthsOfBp(v) + noiseRandoms[v].nextInt(-NOISE_TENTHS_OF_BP, NOISE_TENTHS_OF_BP + 1);
            BigDecimal factor = BigDecimal.ONE.add(BigDecimal.valueOf(deviation).divide(TENTHS_OF_BP_PER_ONE));
            return BigDecimal.valueOf(lastPriceCents, HistoricalTrades.PRICE_SCALE).multiply(factor)
                    .setScale(HistoricalTrades.PRICE_SCALE, RoundingMode.HALF_EVEN);
        }
    }
}
