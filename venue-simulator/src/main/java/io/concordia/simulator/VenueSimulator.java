package io.concordia.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.SplittableRandom;
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
 *
 * <p>{@link #withOptions(OptionSettings)} adds an {@link OptionChain} on the settings' underlying. After every
 * {@code tradeEvery}-th replayed trade (and its price record, if any) comes an option trade at that trade's time,
 * drawn with a random of its own (so the linear records stay exactly those of a replay without options):
 * <ul>
 *   <li><b>option, venue</b>: uniformly from the chain and from the option venues;</li>
 *   <li><b>tradeId</b>: {@code <idPrefix>o<n>}, n = 1, 2, ... counting that venue's option trades;</li>
 *   <li><b>buyer ≠ seller</b>: uniformly from the accounts; <b>quantity</b>: 1 to {@value #MAX_OPTION_CONTRACTS}
 *       venue contracts, uniformly;</li>
 *   <li><b>price</b>: {@link ListedOption#modelPrice Black-76} with F = the replayed trade's price, sigma = the
 *       smile's iv at F, tau from the trade's time to the expiry, rounded half-even to the cent, at least 0.01.</li>
 * </ul>
 * An option venue publishes, after its 1st option trade and then after every {@code priceEvery}-th, the marks of all
 * the options it has traded so far, in chain order, each with its {@code iv}: the same model at the venue's view of
 * the underlying, F × (1 + the venue's bias) rounded half-even to the cent, so a venue's option marks agree with each
 * other (put-call parity C - P = F - K holds to the cent rounding) and sit as far from the others' as its linear
 * marks do.
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

    /** An option trade is for 1 to this many venue contracts. */
    public static final int MAX_OPTION_CONTRACTS = 5;

    /** Mixed into the seed for the option draws, so that they are not the accounts' draws. */
    private static final long OPTION_STREAM = 0x6F7074696F6E73L;

    private final HistoricalTrades history;
    private final List<VenueSpec> venues;
    private final List<String> accounts;
    private final SimulationOptions options;
    private final long[] contractSatoshis;
    private final String[] venueCodes;
    private final long firstSecond;
    private final long lastSecond;
    private final OptionSettings optionSettings;
    private final OptionChain optionChain;
    /** Per option venue, its position in {@link #venues} (which gives its bias). */
    private final int[] optionVenuePositions;

    private VenueSimulator(
            HistoricalTrades history,
            List<VenueSpec> venues,
            List<String> accounts,
            SimulationOptions options,
            OptionSettings optionSettings) {
        this.history = Checks.notNull("history", history);
        this.venues = VenueSpec.checkDistinct(venues);
        this.accounts = checkAccounts(accounts);
        this.options = Checks.notNull("options", options);
        this.contractSatoshis =
                this.venues.stream().mapToLong(VenueSpec::contractSizeSatoshis).toArray();
        this.venueCodes = this.venues.stream().map(VenueSpec::code).toArray(String[]::new);
        this.firstSecond = virtualSecond(history, 0);
        this.lastSecond = lastVirtualSecond(history, options);
        this.optionSettings = optionSettings;
        this.optionChain = optionSettings == null ? null : optionChain(history, options, optionSettings.underlying());
        this.optionVenuePositions = optionSettings == null ? new int[0] : optionSettings.positionsIn(this.venues);
    }

    /** A simulator over {@code history}. */
    public static VenueSimulator of(
            HistoricalTrades history, List<VenueSpec> venues, List<String> accounts, SimulationOptions options) {
        return new VenueSimulator(history, venues, accounts, options, null);
    }

    /** A simulator over the 100,000 Bitstamp trades. */
    public static VenueSimulator bitstamp(List<VenueSpec> venues, List<String> accounts, SimulationOptions options) {
        return new VenueSimulator(HistoricalTrades.bitstamp(), venues, accounts, options, null);
    }

    /**
     * This replay with an option chain added (see the class comment); every option venue must be one of
     * {@link #venues()}. The linear records stay the same.
     */
    public VenueSimulator withOptions(OptionSettings settings) {
        return new VenueSimulator(history, venues, accounts, options, Checks.notNull("settings", settings));
    }

    /**
     * The option chain on {@code underlying} of a replay of {@code history} with {@code options}: what
     * {@link #withOptions(OptionSettings)} lists, known without accounts or venues (for the operator's setup).
     */
    public static OptionChain optionChain(HistoricalTrades history, SimulationOptions options, String underlying) {
        long last = lastVirtualSecond(history, options);
        Instant lastTradeAt = options.timeShift().apply(last, virtualSecond(history, 0), last);
        return OptionChain.of(underlying, history.price(0), lastTradeAt);
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

    /** The option settings, if {@link #withOptions(OptionSettings)} added a chain. */
    public Optional<OptionSettings> optionSettings() {
        return Optional.ofNullable(optionSettings);
    }

    /** The option chain, if {@link #withOptions(OptionSettings)} added one. */
    public Optional<OptionChain> optionChain() {
        return Optional.ofNullable(optionChain);
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
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(iterator(), Spliterator.ORDERED | Spliterator.NONNULL), false);
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

    /** {@code price × (1 + deviation)}, rounded {@link RoundingMode#HALF_EVEN} to the cent. */
    static BigDecimal deviated(BigDecimal price, int deviationTenthsOfBp) {
        BigDecimal factor =
                BigDecimal.ONE.add(BigDecimal.valueOf(deviationTenthsOfBp).divide(TENTHS_OF_BP_PER_ONE));
        return price.multiply(factor).setScale(HistoricalTrades.PRICE_SCALE, RoundingMode.HALF_EVEN);
    }

    private static long virtualSecond(HistoricalTrades history, long g) {
        int n = history.size();
        long cycle = g / n;
        return history.epochSecond((int) (g % n)) + cycle * (history.spanSeconds() + 1);
    }

    private static long lastVirtualSecond(HistoricalTrades history, SimulationOptions options) {
        return virtualSecond(history, Math.max(0, options.trades() - 1));
    }

    /** One pass over the replay; all mutable state of an iteration lives here. */
    private final class Replay implements Iterator<VenueRecord> {
        private final SplittableRandom accountsRandom = new SplittableRandom(options.seed());
        private final SplittableRandom[] noiseRandoms = new SplittableRandom[venues.size()];
        private final long[] current = new long[venues.size()];
        private final long[] venueTrades = new long[venues.size()];
        private final int totalWeight;
        private final String idPrefix = options.effectiveIdPrefix();
        /** Records that follow the trade just returned: its price, then an option trade and its venue's marks. */
        private final ArrayDeque<VenueRecord> pending = new ArrayDeque<>();

        private final SplittableRandom optionRandom = new SplittableRandom(options.seed() ^ OPTION_STREAM);
        private final long[] optionVenueTrades = new long[optionVenuePositions.length];
        /** Per option venue and chain index: has the venue traded that option yet (then it publishes its mark). */
        private final boolean[][] optionTraded = new boolean[optionVenuePositions.length]
                [optionChain == null ? 0 : optionChain.options().size()];

        private long next;

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
            return !pending.isEmpty() || next < options.trades();
        }

        @Override
        public VenueRecord next() {
            if (!pending.isEmpty()) {
                return pending.poll();
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
            int seller = otherAccount(accountsRandom, buyer);
            Instant at = options.timeShift().apply(virtualSecond(history, g), firstSecond, lastSecond);
            TradeRecord trade = new TradeRecord(
                    venue.code(),
                    idPrefix + n,
                    venue.symbol(),
                    history.price(i),
                    BigDecimal.valueOf(contracts(history.amountSatoshis(i), contractSatoshis[v])),
                    accounts.get(buyer),
                    accounts.get(seller),
                    at);
            if (options.priceEvery() > 0 && (n - 1) % options.priceEvery() == 0) {
                pending.add(new PriceRecord(venue.code(), venue.symbol(), mark(v, history.priceCents(i)), at));
            }
            if (optionSettings != null && (g + 1) % optionSettings.tradeEvery() == 0) {
                addOptionTrade(trade.price(), at);
            }
            return trade;
        }

        /** An account other than {@code buyer}, uniformly. */
        private int otherAccount(SplittableRandom random, int buyer) {
            int seller = random.nextInt(accounts.size() - 1);
            return seller >= buyer ? seller + 1 : seller;
        }

        /** Queues an option trade at the underlying's {@code forward} and time {@code at}, then its venue's marks. */
        private void addOptionTrade(BigDecimal forward, Instant at) {
            int o = optionRandom.nextInt(optionChain.options().size());
            int ov = optionRandom.nextInt(optionVenuePositions.length);
            int buyer = optionRandom.nextInt(accounts.size());
            int seller = otherAccount(optionRandom, buyer);
            long contracts = 1 + optionRandom.nextInt(MAX_OPTION_CONTRACTS);
            ListedOption option = optionChain.options().get(o);
            BigDecimal iv = optionSettings.smile().iv(option.strike(), forward);
            String venue = venueCodes[optionVenuePositions[ov]];
            long n = ++optionVenueTrades[ov];
            pending.add(new TradeRecord(
                    venue,
                    idPrefix + "o" + n,
                    option.symbol(),
                    option.modelPrice(forward, iv, at),
                    BigDecimal.valueOf(contracts),
                    accounts.get(buyer),
                    accounts.get(seller),
                    at));
            optionTraded[ov][o] = true;
            if (optionSettings.priceEvery() > 0 && (n - 1) % optionSettings.priceEvery() == 0) {
                BigDecimal venueForward = deviated(forward, biasTenthsOfBp(optionVenuePositions[ov]));
                for (int traded = 0; traded < optionTraded[ov].length; traded++) {
                    if (optionTraded[ov][traded]) {
                        ListedOption marked = optionChain.options().get(traded);
                        BigDecimal markIv = optionSettings.smile().iv(marked.strike(), venueForward);
                        pending.add(new PriceRecord(
                                venue, marked.symbol(), marked.modelPrice(venueForward, markIv, at), markIv, at));
                    }
                }
            }
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
            return deviated(BigDecimal.valueOf(lastPriceCents, HistoricalTrades.PRICE_SCALE), deviation);
        }
    }
}
