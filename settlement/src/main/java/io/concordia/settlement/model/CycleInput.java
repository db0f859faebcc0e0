package io.concordia.settlement.model;

import io.concordia.types.AssetCode;
import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything one settlement cycle needs, frozen at the cut-off (docs/architecture.md, "Data flow" 4). The service loads it
 * from the database; the calculation reads nothing else (no clock, no environment).
 *
 * <p>Validation (each failure an {@link IllegalArgumentException} naming the argument and value): every product's
 * currency has a scale; every price is {@code > 0} and names a known product; funding is given only for
 * perpetuals; every position and trade names a mapped account and a known product that has a settlement price;
 * at most one position state per account and product.
 *
 * @param cycleId the cycle
 * @param products the products by symbol (key equals the product's symbol)
 * @param currencyScales decimal places of each settlement currency, in {@code [0, 18]} (USD 2)
 * @param settlementPrices settlement price per product, currency per unit, {@code > 0} ({@code >= 0} for an option)
 * @param fundingRates funding per perpetual for this cycle; a perpetual without an entry pays no funding
 * @param fees the clearing fee schedule
 * @param accountMembers the member of each account
 * @param positions state per account and product at the end of the previous cycle (absent = flat)
 * @param trades trades cleared since the previous cycle's cut-off, any order
 */
public record CycleInput(
        CycleId cycleId,
        Map<ProductSymbol, Product> products,
        Map<AssetCode, Integer> currencyScales,
        Map<ProductSymbol, BigDecimal> settlementPrices,
        Map<ProductSymbol, FundingRate> fundingRates,
        FeeSchedule fees,
        Map<AccountCode, MemberCode> accountMembers,
        List<PositionState> positions,
        List<CycleTrade> trades) {

    /** Validates and copies every collection. @throws IllegalArgumentException on any inconsistency */
    public CycleInput {
        Checks.notNull(cycleId, "cycleId");
        Checks.noNulls(products, "products");
        Checks.noNulls(currencyScales, "currencyScales");
        Checks.noNulls(settlementPrices, "settlementPrices");
        Checks.noNulls(fundingRates, "fundingRates");
        Checks.notNull(fees, "fees");
        Checks.noNulls(accountMembers, "accountMembers");
        Checks.noNulls(positions, "positions");
        Checks.noNulls(trades, "trades");

        for (Map.Entry<AssetCode, Integer> e : currencyScales.entrySet()) {
            Checks.scale(e.getValue(), "currencyScales[" + e.getKey() + "]");
        }
        for (Map.Entry<ProductSymbol, Product> e : products.entrySet()) {
            if (!e.getValue().symbol().equals(e.getKey())) {
                throw new IllegalArgumentException("products[" + e.getKey() + "] must have symbol " + e.getKey()
                        + ", got: " + e.getValue().symbol());
            }
            if (!currencyScales.containsKey(e.getValue().currency())) {
                throw new IllegalArgumentException("currencyScales has no scale for currency "
                        + e.getValue().currency() + " of product " + e.getKey());
            }
        }
        for (Map.Entry<ProductSymbol, BigDecimal> e : settlementPrices.entrySet()) {
            if (!products.containsKey(e.getKey())) {
                throw new IllegalArgumentException("settlementPrices names unknown product: " + e.getKey());
            }
            if (products.get(e.getKey()).kind().mayBeWorthless()) {
                Checks.nonNegative(e.getValue(), "settlementPrices[" + e.getKey() + "]");
            } else {
                Checks.positive(e.getValue(), "settlementPrices[" + e.getKey() + "]");
            }
        }
        for (Map.Entry<ProductSymbol, FundingRate> e : fundingRates.entrySet()) {
            Product p = products.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException("fundingRates names unknown product: " + e.getKey());
            }
            if (!e.getValue().product().equals(e.getKey())) {
                throw new IllegalArgumentException("fundingRates[" + e.getKey() + "] must be for " + e.getKey()
                        + ", got: " + e.getValue().product());
            }
            if (!p.kind().paysFunding()) {
                throw new IllegalArgumentException(
                        "fundingRates[" + e.getKey() + "] given for a " + p.kind() + ", only perpetuals pay funding");
            }
        }
        Set<List<Object>> seen = new HashSet<>();
        for (PositionState ps : positions) {
            String where = "position " + ps.account() + "/" + ps.product();
            requireKnown(ps.account(), ps.product(), where, products, settlementPrices, accountMembers);
            if (!seen.add(List.of(ps.account(), ps.product()))) {
                throw new IllegalArgumentException("positions has two states for " + ps.account() + "/" + ps.product());
            }
        }
        for (CycleTrade t : trades) {
            requireKnown(
                    t.account(),
                    t.product(),
                    "trade " + t.account() + "/" + t.product() + " on " + t.venue(),
                    products,
                    settlementPrices,
                    accountMembers);
        }

        products = Collections.unmodifiableMap(new TreeMap<>(products));
        currencyScales = Collections.unmodifiableMap(new TreeMap<>(currencyScales));
        settlementPrices = Collections.unmodifiableMap(new TreeMap<>(settlementPrices));
        fundingRates = Collections.unmodifiableMap(new TreeMap<>(fundingRates));
        accountMembers = Collections.unmodifiableMap(new TreeMap<>(accountMembers));
        positions = List.copyOf(positions);
        trades = List.copyOf(trades);
    }

    private static void requireKnown(
            AccountCode account,
            ProductSymbol product,
            String where,
            Map<ProductSymbol, Product> products,
            Map<ProductSymbol, BigDecimal> prices,
            Map<AccountCode, MemberCode> members) {
        if (!members.containsKey(account)) {
            throw new IllegalArgumentException(where + ": accountMembers has no member for account " + account);
        }
        if (!products.containsKey(product)) {
            throw new IllegalArgumentException(where + ": unknown product " + product);
        }
        if (!prices.containsKey(product)) {
            throw new IllegalArgumentException(where + ": settlementPrices has no price for " + product);
        }
    }

    /**
     * Starts a builder.
     *
     * @param cycleId the cycle id
     * @return an empty builder (no fees, no funding)
     */
    public static Builder builder(String cycleId) {
        return new Builder(CycleId.of(cycleId));
    }

    /**
     * Returns this input for another cycle with other positions, prices, funding and trades (same products,
     * currencies, fees and members): the next cycle in a chain.
     *
     * @param nextCycle the next cycle's id
     * @param nextPositions position states (typically the previous result's {@code nextPositions()})
     * @param nextPrices settlement prices
     * @param nextFunding funding rates
     * @param nextTrades trades
     * @return the new input
     */
    public CycleInput next(
            CycleId nextCycle,
            List<PositionState> nextPositions,
            Map<ProductSymbol, BigDecimal> nextPrices,
            Map<ProductSymbol, FundingRate> nextFunding,
            List<CycleTrade> nextTrades) {
        return new CycleInput(
                nextCycle,
                products,
                currencyScales,
                nextPrices,
                nextFunding,
                fees,
                accountMembers,
                nextPositions,
                nextTrades);
    }

    /**
     * Scale of a currency.
     *
     * @param currency the currency
     * @return its decimal places
     * @throws IllegalArgumentException if the currency has no scale
     */
    public int scale(AssetCode currency) {
        Integer s = currencyScales.get(currency);
        if (s == null) {
            throw new IllegalArgumentException("currencyScales has no scale for currency " + currency);
        }
        return s;
    }

    /** Mutable builder of a {@link CycleInput}; {@link #build()} validates. */
    public static final class Builder {
        private final CycleId cycleId;
        private final Map<ProductSymbol, Product> products = new TreeMap<>();
        private final Map<AssetCode, Integer> scales = new TreeMap<>();
        private final Map<ProductSymbol, BigDecimal> prices = new TreeMap<>();
        private final Map<ProductSymbol, FundingRate> funding = new TreeMap<>();
        private FeeSchedule fees = FeeSchedule.NONE;
        private final Map<AccountCode, MemberCode> members = new TreeMap<>();
        private final List<PositionState> positions = new ArrayList<>();
        private final List<CycleTrade> trades = new ArrayList<>();

        private Builder(CycleId cycleId) {
            this.cycleId = cycleId;
        }

        /**
         * Adds a currency.
         *
         * @param code currency code
         * @param scale decimal places
         * @return this builder
         */
        public Builder currency(String code, int scale) {
            scales.put(AssetCode.of(code), scale);
            return this;
        }

        /**
         * Adds a product.
         *
         * @param product the product
         * @return this builder
         */
        public Builder product(Product product) {
            products.put(product.symbol(), product);
            return this;
        }

        /**
         * Sets a settlement price.
         *
         * @param product product symbol
         * @param price price (decimal string)
         * @return this builder
         */
        public Builder price(String product, String price) {
            prices.put(ProductSymbol.of(product), new BigDecimal(price));
            return this;
        }

        /**
         * Sets a funding rate.
         *
         * @param rate the rate
         * @return this builder
         */
        public Builder funding(FundingRate rate) {
            funding.put(rate.product(), rate);
            return this;
        }

        /**
         * Sets the fee schedule.
         *
         * @param schedule the schedule
         * @return this builder
         */
        public Builder fees(FeeSchedule schedule) {
            this.fees = schedule;
            return this;
        }

        /**
         * Maps an account to its member.
         *
         * @param account account code
         * @param member member code
         * @return this builder
         */
        public Builder account(String account, String member) {
            members.put(AccountCode.of(account), MemberCode.of(member));
            return this;
        }

        /**
         * Adds a position state.
         *
         * @param state the state
         * @return this builder
         */
        public Builder position(PositionState state) {
            positions.add(state);
            return this;
        }

        /**
         * Adds a trade.
         *
         * @param trade the trade
         * @return this builder
         */
        public Builder trade(CycleTrade trade) {
            trades.add(trade);
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return the input
         * @throws IllegalArgumentException on any inconsistency
         */
        public CycleInput build() {
            return new CycleInput(cycleId, products, scales, prices, funding, fees, members, positions, trades);
        }
    }
}
