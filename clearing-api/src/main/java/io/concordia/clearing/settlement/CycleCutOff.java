package io.concordia.clearing.settlement;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
import io.concordia.clearing.settlement.SettlementDtos.CyclePrice;
import io.concordia.clearing.settlement.SettlementDtos.RunCycle;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The parts of a cycle's cut-off ({@link CycleService#freeze}): the operator's prices and funding rates checked, the
 * settlement price of every product chosen (final price, operator's price, mark, or deferred), the cycle row and its
 * prices inserted, and the unsettled trades and transfers of the priced products assigned to the cycle.
 */
final class CycleCutOff {

    /** A funding rate's magnitude must stay below this (one whole notional per interval). */
    private static final BigDecimal MAX_FUNDING_RATE = BigDecimal.ONE;

    /**
     * The cut-off's prices.
     *
     * @param frozen each priced product's settlement price, by product id
     * @param deferred the symbols of the products with neither mark nor price, sorted: the next cycle settles them
     */
    record Prices(Map<Long, CyclePrice> frozen, List<String> deferred) {}

    /** What the cut-off assigned to the cycle. */
    record Assigned(int trades, int transfers) {}

    private CycleCutOff() {}

    /** Every product, by symbol. */
    static Map<String, CycleProduct> products(Connection c) {
        Map<String, CycleProduct> products = new HashMap<>();
        Sql.on(c)
                .list(
                        "SELECT id, symbol, kind FROM product",
                        row -> products.put(
                                row.string("symbol"),
                                new CycleProduct(row.longValue("id"), row.string("symbol"), row.string("kind"))));
        return products;
    }

    /** The operator's prices, checked: product id to price. */
    static Map<Long, BigDecimal> operatorPrices(Map<String, CycleProduct> products, RunCycle request) {
        Map<Long, BigDecimal> operatorPrices = new TreeMap<>();
        request.pricesOrEmpty().forEach((symbol, price) -> {
            CycleProduct p = knownProduct(products, symbol, "prices");
            if (price == null) {
                throw ApiProblem.of(ProblemCode.MISSING_PRICE, "prices." + symbol + " has no value");
            }
            operatorPrices.put(p.id(), Decimals.positive(price, 18, "prices." + symbol));
        });
        return operatorPrices;
    }

    /** The operator's funding rates, checked: perpetuals only, strictly between -1 and 1; product id to rate. */
    static Map<Long, BigDecimal> fundingRates(Map<String, CycleProduct> products, RunCycle request) {
        Map<Long, BigDecimal> funding = new TreeMap<>();
        request.fundingOrEmpty().forEach((symbol, rate) -> {
            CycleProduct p = knownProduct(products, symbol, "funding");
            if (!"PERPETUAL".equals(p.kind())) {
                throw ApiProblem.of(
                        ProblemCode.FUNDING_NOT_PERPETUAL,
                        "'" + symbol + "' is a " + p.kind() + "; only perpetuals pay funding");
            }
            if (rate == null) {
                throw ApiProblem.of(ProblemCode.MISSING_RATE, "funding." + symbol + " has no value");
            }
            BigDecimal r = Decimals.atScale(rate, 18, "funding." + symbol);
            if (r.abs().compareTo(MAX_FUNDING_RATE) >= 0) {
                throw ApiProblem.of(
                        ProblemCode.OUT_OF_RANGE,
                        "funding." + symbol + " must be between -1 and 1, was " + rate.toPlainString());
            }
            funding.put(p.id(), r);
        });
        return funding;
    }

    private static CycleProduct knownProduct(Map<String, CycleProduct> products, String symbol, String field) {
        CycleProduct p = products.get(symbol);
        if (p == null) {
            throw ApiProblem.of(
                    ProblemCode.UNKNOWN_PRODUCT, field + " names product '" + symbol + "', which does not exist");
        }
        return p;
    }

    /**
     * The settlement price of every product with a position, an unsettled trade or transfer, or an operator's price:
     * an expired product's final price (no operator price or funding allowed), else the operator's price, else the
     * mark; a product with none of them is deferred. Funding for a product left without a price is refused.
     */
    static Prices choosePrices(
            Connection c,
            Map<String, CycleProduct> products,
            Map<Long, BigDecimal> operatorPrices,
            Map<Long, BigDecimal> funding,
            Instant cutOff) {
        Set<Long> candidates = new TreeSet<>(involvedProducts(c));
        candidates.addAll(operatorPrices.keySet());
        Map<Long, Mark> marks = marks(c, candidates);
        Map<Long, BigDecimal> finals = Expiries.finalPrices(c, candidates, cutOff);
        Map<Long, CycleProduct> byId = new HashMap<>();
        products.values().forEach(p -> byId.put(p.id(), p));
        Prices prices = new Prices(new TreeMap<>(), new ArrayList<>());
        for (long product : candidates) {
            String symbol = byId.get(product).symbol();
            if (finals.containsKey(product)) {
                refuseOperatorInputOnExpired(
                        symbol,
                        finals.get(product),
                        operatorPrices.get(product) != null || funding.containsKey(product));
                prices.frozen().put(product, new CyclePrice(symbol, finals.get(product), "FINAL", false, null));
            } else {
                priceFromOperatorOrMark(
                        prices, product, symbol, operatorPrices.get(product), marks.get(product), funding.get(product));
            }
        }
        for (long product : funding.keySet()) {
            if (!prices.frozen().containsKey(product)) {
                throw ApiProblem.of(
                        ProblemCode.NO_SETTLEMENT_PRICE,
                        "funding is given for '" + byId.get(product).symbol()
                                + "', which has neither a mark nor a price in this cycle");
            }
        }
        prices.deferred().sort(null);
        return prices;
    }

    private static void refuseOperatorInputOnExpired(String symbol, BigDecimal finalPrice, boolean operatorInput) {
        if (operatorInput) {
            throw ApiProblem.of(
                    ProblemCode.PRODUCT_EXPIRED,
                    "'" + symbol + "' has expired and settles at its final price "
                            + finalPrice.stripTrailingZeros().toPlainString()
                            + "; an operator sets that at PUT /api/v1/admin/products/" + symbol + "/final-price");
        }
    }

    private static void priceFromOperatorOrMark(
            Prices prices, long product, String symbol, BigDecimal operatorPrice, Mark mark, BigDecimal fundingRate) {
        if (operatorPrice != null) {
            prices.frozen()
                    .put(
                            product,
                            new CyclePrice(
                                    symbol, operatorPrice, "OPERATOR", mark != null && mark.stale(), fundingRate));
        } else if (mark != null) {
            prices.frozen().put(product, new CyclePrice(symbol, mark.price(), "MARK", mark.stale(), fundingRate));
        } else {
            prices.deferred().add(symbol);
        }
    }

    /** Products with an open settlement position, or a trade or transfer no cycle settled yet. */
    private static Set<Long> involvedProducts(Connection c) {
        return new TreeSet<>(Sql.on(c).list("""
                SELECT product_id FROM settlement_position GROUP BY product_id
                UNION SELECT product_id FROM trade_inbox WHERE settlement_cycle_id IS NULL GROUP BY product_id
                UNION SELECT product_id FROM position_transfer WHERE settlement_cycle_id IS NULL GROUP BY product_id""", row -> row.longValue("product_id")));
    }

    /** A product's harmonized mark and whether it was stale. */
    private record Mark(BigDecimal price, boolean stale) {}

    private static Map<Long, Mark> marks(Connection c, Set<Long> products) {
        Map<Long, Mark> marks = new HashMap<>();
        Sql.on(c)
                .list(
                        "SELECT product_id, price, stale FROM mark WHERE product_id = ANY(?)",
                        row -> marks.put(
                                row.longValue("product_id"), new Mark(row.decimal("price"), row.bool("stale"))),
                        Sql.longs(products));
        return marks;
    }

    /**
     * Inserts the FROZEN cycle row. Two cut-offs at once collide on the database's one-unfinished-cycle rule:
     * the loser is refused with {@code CYCLE_RUNNING}.
     *
     * @return the cycle's id
     */
    static long insertCycle(
            Connection c,
            String cycleCode,
            CycleOrigin origin,
            Instant cutOff,
            CycleHead.Asset asset,
            BigDecimal feeRate,
            String actor,
            String reason,
            List<String> deferred) {
        try {
            return Sql.on(c)
                    .one(
                            """
                INSERT INTO settlement_cycle (code, origin, status, cut_off, asset_id, fee_rate, requested_by, reason,
                                              deferred_products, frozen_at)
                VALUES (?, ?, 'FROZEN', ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                            row -> row.longValue("id"),
                            cycleCode,
                            origin,
                            cutOff,
                            asset.id(),
                            feeRate,
                            actor,
                            reason,
                            Sql.texts(deferred),
                            cutOff);
        } catch (DatabaseFailure e) {
            if (e.uniqueViolation()) {
                throw ApiProblem.of(ProblemCode.CYCLE_RUNNING, "another settlement cycle started at the same time");
            }
            throw e;
        }
    }

    static void insertPrices(Connection c, long cycleId, Map<Long, CyclePrice> frozen) {
        Sql.on(c).batch("""
                INSERT INTO settlement_price (cycle_id, product_id, price, source, mark_stale, funding_rate)
                VALUES (?, ?, ?, ?, ?, ?)""", frozen.entrySet(), e -> new Object[] {
            cycleId,
            e.getKey(),
            e.getValue().price(),
            e.getValue().source(),
            e.getValue().markStale(),
            e.getValue().fundingRate()
        });
    }

    /** Assigns every unsettled trade and transfer of a priced product to the cycle, and counts them on its row. */
    static Assigned assign(Connection c, long cycleId, Set<Long> priced) {
        Sql sql = Sql.on(c);
        int trades = sql.update("""
                UPDATE trade_inbox SET settlement_cycle_id = ? WHERE settlement_cycle_id IS NULL AND product_id = ANY(?)""", cycleId, Sql.longs(priced));
        // default management's transfers are cut off with the trades, by the same rule
        int transfers = sql.update("""
                UPDATE position_transfer SET settlement_cycle_id = ? WHERE settlement_cycle_id IS NULL AND product_id = ANY(?)""", cycleId, Sql.longs(priced));
        sql.update("UPDATE settlement_cycle SET trades = ?, transfers = ? WHERE id = ?", trades, transfers, cycleId);
        return new Assigned(trades, transfers);
    }
}
