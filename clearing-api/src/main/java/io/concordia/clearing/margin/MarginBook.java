package io.concordia.clearing.margin;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import io.concordia.margin.calc.CollateralPrices;
import io.concordia.margin.model.CollateralHolding;
import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.MarginMode;
import io.concordia.margin.model.OptionMarket;
import io.concordia.margin.model.OptionRight;
import io.concordia.margin.model.OptionTerms;
import io.concordia.margin.model.Position;
import io.concordia.margin.model.Product;
import io.concordia.margin.model.ProductId;
import io.concordia.margin.model.ProductKind;
import io.concordia.margin.model.UnderlyingId;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what margin-core needs for a set of accounts in four set-based queries: the accounts, their open positions,
 * the positions' products with their marks, and their ledger balances (collateral, bucket allocations, unpaid
 * settlement) with USD prices. The CCP's own default-management account is never margined: the CCP does not call
 * itself.
 *
 * <p>Inputs, as the service maps them to docs/margin-model.md: a position's variation margin accrued since the last
 * settlement is its whole P&amp;L — {@code quantity × (mark − average entry price)} plus everything realized — less
 * the variation margin settlement cycles have booked for it, which sits in the account's settlement balance until
 * paid and then in its collateral; a cross account counts that balance as cash. (The cycles' variation margin
 * telescopes to the whole P&amp;L at the last settlement price, so this is exactly {@code q (S − S_ref)} plus what
 * reductions realized since.) A product without a mark yet is valued at its entry price. Collateral prices:
 * USD and the USD stablecoins at par ({@link CollateralPrices}; their haircuts carry the de-peg risk), any other
 * asset at the mark of a product on it (perpetual first); an asset with no price counts for nothing.
 */
final class MarginBook {

    /**
     * One account as loaded: what it is and its margin-core portfolio. {@code staleMarks} and {@code heldMarks}: the
     * products of its open positions whose mark was stale (or missing: valued at the entry price) or held when loaded,
     * in symbol order.
     */
    record AccountInput(
            long id,
            String code,
            String member,
            MarginMode mode,
            String status,
            List<Position> positions,
            List<CollateralHolding> collateral,
            List<CollateralHolding> unallocated,
            BigDecimal cash,
            List<String> staleMarks,
            List<String> heldMarks,
            OptionMarket market) {

        /**
         * The portfolio margin-core margins: a cross account pools all its collateral and cash; an isolated account's
         * buckets hold what is allocated to them, and its unallocated collateral and cash are its free balance.
         */
        MarginAccount account() {
            if (mode == MarginMode.CROSS) {
                List<CollateralHolding> all = new ArrayList<>(collateral.size() + unallocated.size());
                for (CollateralHolding h : collateral) {
                    all.add(new CollateralHolding(h.asset(), h.quantity(), h.price(), null));
                }
                all.addAll(unallocated);
                return new MarginAccount(MarginMode.CROSS, positions, merge(all), null, cash, market);
            }
            List<CollateralHolding> all = new ArrayList<>(collateral.size() + unallocated.size());
            all.addAll(collateral);
            all.addAll(unallocated);
            return new MarginAccount(MarginMode.ISOLATED, positions, all, null, cash, market);
        }

        AccountInput withPositions(List<Position> newPositions) {
            return new AccountInput(
                    id,
                    code,
                    member,
                    mode,
                    status,
                    newPositions,
                    collateral,
                    unallocated,
                    cash,
                    staleMarks,
                    heldMarks,
                    market);
        }

        /** The account with other option market inputs (another forward, when a liquidation price is searched). */
        AccountInput withMarket(OptionMarket newMarket) {
            return new AccountInput(
                    id,
                    code,
                    member,
                    mode,
                    status,
                    positions,
                    collateral,
                    unallocated,
                    cash,
                    staleMarks,
                    heldMarks,
                    newMarket);
        }

        /** The account in another mode; in isolated mode its cash is part of the free balance, outside every bucket. */
        AccountInput withMode(MarginMode newMode) {
            return new AccountInput(
                    id,
                    code,
                    member,
                    newMode,
                    status,
                    positions,
                    collateral,
                    unallocated,
                    cash,
                    staleMarks,
                    heldMarks,
                    market);
        }

        AccountInput withCollateral(List<CollateralHolding> newCollateral, List<CollateralHolding> newUnallocated) {
            return new AccountInput(
                    id,
                    code,
                    member,
                    mode,
                    status,
                    positions,
                    newCollateral,
                    newUnallocated,
                    cash,
                    staleMarks,
                    heldMarks,
                    market);
        }
    }

    private MarginBook() {}

    /**
     * The id of account {@code accountCode}, which must belong to member {@code memberCode} when one is given: another
     * member's account is not found, as if it did not exist.
     */
    static long idOf(Connection c, String memberCode, String accountCode) {
        return Sql.on(c)
                .first(
                        "SELECT a.id FROM account a JOIN member m ON m.id = a.member_id "
                                + "WHERE a.code = ? AND (m.code = ? OR ?::text IS NULL)",
                        row -> row.longValue("id"),
                        accountCode,
                        memberCode,
                        memberCode)
                .orElseThrow(() -> ApiProblem.notFound("account", accountCode));
    }

    /**
     * Loads the accounts that exist among {@code ids}, in id order; options are valued at {@code valuationTime}, the
     * time of the marks loaded.
     */
    static Map<Long, AccountInput> load(Connection c, Collection<Long> ids, Instant valuationTime) {
        Sql.KeyIn in = Sql.KeyIn.of("a.id", ids);
        return load(c, in.condition(), valuationTime, in.parameter());
    }

    /**
     * Loads member {@code memberCode}'s account {@code accountCode}: the lookup is the load's first query, not one
     * more. Another member's account, or the CCP's, is not found, as if it did not exist.
     */
    static AccountInput loadForMember(Connection c, String memberCode, String accountCode, Instant valuationTime) {
        Map<Long, AccountInput> found = load(c, "a.code = ? AND m.code = ?", valuationTime, accountCode, memberCode);
        if (found.isEmpty()) {
            throw ApiProblem.notFound("account", accountCode);
        }
        return found.values().iterator().next();
    }

    private record AccountRow(long id, String code, String member, MarginMode mode, String status) {}

    /** A position row: its account, product id and figures. */
    private record PositionRow(
            long account, long productId, BigDecimal quantity, BigDecimal average, BigDecimal realized) {}

    /** A product of the loaded positions with its mark, and whether that mark was stale (or missing) or held. */
    private record MarkedProduct(Product product, BigDecimal mark, boolean stale, boolean held, BigDecimal iv) {}

    /**
     * A positive ledger balance (collateral, a bucket's allocation) or unpaid settlement, with its USD price;
     * {@code bucket} and {@code product} are set for a bucket's allocation.
     */
    private record BalanceRow(
            long account,
            String ledgerKind,
            String bucket,
            AssetCode asset,
            BigDecimal balance,
            BigDecimal price,
            Product product,
            BigDecimal mark,
            BigDecimal iv) {}

    /** Loads the accounts {@code where} selects, in id order, in four queries. */
    private static Map<Long, AccountInput> load(
            Connection c, String where, Instant valuationTime, Object... parameters) {
        Sql sql = Sql.on(c);
        Map<Long, AccountRow> accounts = new LinkedHashMap<>();
        for (AccountRow a : sql.list(
                "SELECT a.id, a.code AS account, m.code AS member, a.mode, a.status FROM account a "
                        + "JOIN member m ON m.id = a.member_id WHERE " + where + " AND NOT m.is_ccp ORDER BY a.id",
                row -> new AccountRow(
                        row.longValue("id"),
                        row.string("account"),
                        row.string("member"),
                        row.enumValue("mode", MarginMode.class),
                        row.string("status")),
                parameters)) {
            accounts.put(a.id(), a);
        }
        if (accounts.isEmpty()) {
            return Map.of();
        }
        Map<Long, Map<String, Position>> positions = new HashMap<>();
        Map<String, Product> products = new HashMap<>();
        Map<Long, Set<String>> staleMarks = new HashMap<>();
        Map<Long, Set<String>> heldMarks = new HashMap<>();
        Set<String> missingIv = new TreeSet<>();
        Sql.KeyIn positionsOf = Sql.KeyIn.of("p.account_id", accounts.keySet());
        Sql.KeyIn balancesOf = Sql.KeyIn.of("la.account_id", accounts.keySet());
        // realized since the last settlement: everything realized, less the variation margin cycles have settled. The
        // products and their marks are read once each below, not with every position: a chunk of a full run holds
        // thousands of positions in a handful of products, and their columns on every row doubled this read.
        List<PositionRow> positionRows = sql.list(
                """
                SELECT p.account_id, p.product_id, p.quantity, p.average_price,
                       p.realized_pnl - coalesce(s.total, 0) AS realized
                  FROM position p
                  LEFT JOIN settled_variation_margin s ON s.account_id = p.account_id AND s.product_id = p.product_id
                 WHERE (p.quantity <> 0 OR p.realized_pnl <> coalesce(s.total, 0))""" + " AND " + positionsOf.condition(),
                row -> new PositionRow(
                        row.longValue("account_id"),
                        row.longValue("product_id"),
                        row.decimal("quantity"),
                        row.decimal("average_price"),
                        row.decimal("realized")),
                positionsOf.parameter());
        Map<Long, MarkedProduct> marked = markedProducts(sql, positionRows, products);
        for (PositionRow r : positionRows) {
            MarkedProduct m = marked.get(r.productId());
            Product product = m.product();
            BigDecimal mark = m.mark();
            BigDecimal ref = r.average().signum() > 0 ? r.average() : mark != null ? mark : BigDecimal.ONE;
            positions
                    .computeIfAbsent(r.account(), k -> new LinkedHashMap<>())
                    .put(
                            product.id().code(),
                            new Position(
                                    product,
                                    r.quantity(),
                                    mark != null ? mark : ref,
                                    ref,
                                    r.realized(),
                                    impliedVolatility(product, m.iv(), missingIv)));
            if (r.quantity().signum() != 0) {
                if (m.stale()) {
                    staleMarks
                            .computeIfAbsent(r.account(), k -> new TreeSet<>())
                            .add(product.id().code());
                }
                if (m.held()) {
                    heldMarks
                            .computeIfAbsent(r.account(), k -> new TreeSet<>())
                            .add(product.id().code());
                }
            }
        }
        Map<Long, List<CollateralHolding>> buckets = new HashMap<>();
        Map<Long, List<CollateralHolding>> unallocated = new HashMap<>();
        // a settlement cycle's share booked to the account and not paid yet: cash the account owes or is owed
        Map<Long, BigDecimal> cash = new HashMap<>();
        Map<String, BigDecimal> bucketMarks = new HashMap<>();
        // MATERIALIZED: each asset's price is found once. Inlined, the price's subquery ran once per balance row, which
        // was two thirds of this read for a chunk of a full run.
        List<BalanceRow> balances = sql.list(
                "WITH asset_price AS MATERIALIZED (SELECT a.id, a.code, " + ASSET_MARK + " AS mark FROM asset a) " + """
                SELECT la.account_id, la.kind AS ledger_kind, pr.symbol AS bucket, ap.code AS asset, lb.balance,
                       ap.mark AS asset_mark, pr.underlying, pr.kind, pr.expiry, pr.strike, pr.option_right, pr.expires_at,
                       m.price AS mark, m.iv
                  FROM ledger_balance lb JOIN ledger_account la ON la.id = lb.ledger_account_id
                  JOIN asset_price ap ON ap.id = lb.asset_id LEFT JOIN product pr ON pr.id = la.product_id
                  LEFT JOIN mark m ON m.product_id = la.product_id
                 WHERE (la.kind IN ('MEMBER_COLLATERAL', 'MEMBER_BUCKET') AND lb.balance > 0
                        OR la.kind = 'MEMBER_SETTLEMENT' AND lb.balance <> 0)"""
                        + " AND " + balancesOf.condition(),
                row -> {
                    String asset = row.string("asset");
                    BigDecimal price = price(asset, row.decimal("asset_mark"));
                    String bucket = row.string("bucket");
                    String ledgerKind = row.string("ledger_kind");
                    // only a priced allocation to a bucket brings its product into the load
                    boolean allocation = price != null && bucket != null && !ledgerKind.equals("MEMBER_SETTLEMENT");
                    return new BalanceRow(
                            row.longValue("account_id"),
                            ledgerKind,
                            bucket,
                            AssetCode.of(asset),
                            row.decimal("balance"),
                            price,
                            allocation ? product(products, bucket, row) : null,
                            row.decimal("mark"),
                            row.decimal("iv"));
                },
                balancesOf.parameter());
        for (BalanceRow r : balances) {
            BigDecimal price = r.price();
            if (price == null) {
                continue;
            }
            long account = r.account();
            String bucket = r.bucket();
            if (r.ledgerKind().equals("MEMBER_SETTLEMENT")) {
                cash.merge(account, r.balance().multiply(price), BigDecimal::add);
            } else if (bucket == null) {
                unallocated
                        .computeIfAbsent(account, k -> new ArrayList<>())
                        .add(new CollateralHolding(r.asset(), r.balance(), price, null));
            } else {
                Product product = r.product();
                bucketMarks.put(bucket, r.mark() == null ? BigDecimal.ONE : r.mark());
                positions
                        .computeIfAbsent(account, k -> new LinkedHashMap<>())
                        .computeIfAbsent(
                                bucket,
                                k -> new Position(
                                        product,
                                        BigDecimal.ZERO,
                                        bucketMarks.get(bucket),
                                        bucketMarks.get(bucket),
                                        BigDecimal.ZERO,
                                        impliedVolatility(product, r.iv(), missingIv)));
                buckets.computeIfAbsent(account, k -> new ArrayList<>())
                        .add(new CollateralHolding(r.asset(), r.balance(), price, ProductId.of(bucket)));
            }
        }
        OptionInputs options = OptionInputs.load(c, products.values(), missingIv, valuationTime);
        Map<Long, AccountInput> out = new LinkedHashMap<>();
        accounts.forEach((id, a) -> {
            List<Position> held = options.complete(
                    List.copyOf(positions.getOrDefault(id, Map.of()).values()));
            Set<String> stale = new TreeSet<>(staleMarks.getOrDefault(id, Set.of()));
            stale.addAll(options.staleForwards(held));
            out.put(
                    id,
                    new AccountInput(
                            id,
                            a.code(),
                            a.member(),
                            a.mode(),
                            a.status(),
                            held,
                            buckets.getOrDefault(id, List.of()),
                            unallocated.getOrDefault(id, List.of()),
                            cash.getOrDefault(id, BigDecimal.ZERO),
                            List.copyOf(stale),
                            List.copyOf(heldMarks.getOrDefault(id, Set.of())),
                            options.marketFor(held)));
        });
        return out;
    }

    /** The products of the position rows, by id, with their marks; each product is also noted in {@code products}. */
    private static Map<Long, MarkedProduct> markedProducts(
            Sql sql, List<PositionRow> positionRows, Map<String, Product> products) {
        if (positionRows.isEmpty()) {
            return Map.of();
        }
        Set<Long> ids = new HashSet<>();
        for (PositionRow r : positionRows) {
            ids.add(r.productId());
        }
        Map<Long, MarkedProduct> out = new HashMap<>();
        Sql.KeyIn productsOf = Sql.KeyIn.of("pr.id", ids);
        for (Map.Entry<Long, MarkedProduct> e : sql.list(
                """
                SELECT pr.id, pr.symbol, pr.underlying, pr.kind, pr.expiry, pr.strike, pr.option_right, pr.expires_at,
                       m.price AS mark, m.price IS NULL OR m.stale AS stale, m.held_price IS NOT NULL AS held, m.iv
                  FROM product pr LEFT JOIN mark m ON m.product_id = pr.id""" + " WHERE " + productsOf.condition(),
                row -> Map.entry(
                        row.longValue("id"),
                        new MarkedProduct(
                                product(products, row.string("symbol"), row),
                                row.decimal("mark"),
                                row.bool("stale"),
                                row.bool("held"),
                                row.decimal("iv"))),
                productsOf.parameter())) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * An option's mark implied volatility; an option without one yet (no mark, or a mark an operator set without one)
     * is noted in {@code missingIv} and gets a placeholder that {@link OptionInputs#complete} replaces by the volatility
     * implied by its price. {@code null} for a linear product.
     */
    private static BigDecimal impliedVolatility(Product product, BigDecimal markIv, Set<String> missingIv) {
        if (!product.isOption()) {
            return null;
        }
        if (markIv == null) {
            missingIv.add(product.id().code());
            return BigDecimal.ONE;
        }
        return markIv;
    }

    /** The mark of the product on asset {@code a.code} that prices it: a perpetual first, then the oldest listed. */
    private static final String ASSET_MARK = "(SELECT m.price FROM product p JOIN mark m ON m.product_id = p.id "
            + "WHERE p.underlying = a.code AND p.kind <> 'OPTION' ORDER BY p.kind = 'PERPETUAL' DESC, p.id LIMIT 1)";

    /** USD per unit of {@code asset}, by the model's rule ({@link CollateralPrices}); {@code null} when it has no price. */
    private static BigDecimal price(String asset, BigDecimal mark) {
        return CollateralPrices.usdPrice(AssetCode.of(asset), mark);
    }

    /**
     * The account with the option market inputs its positions need now (after hypothetical trades added options, or
     * positions on other underlyings), read as a load reads them; positions whose product is in {@code missingIv} get
     * the volatility their price implies.
     */
    static AccountInput withOptionInputs(Connection c, AccountInput in, Set<String> missingIv, Instant valuationTime) {
        List<Product> products = new ArrayList<>();
        for (Position p : in.positions()) {
            products.add(p.product());
        }
        OptionInputs options = OptionInputs.load(c, products, missingIv, valuationTime);
        List<Position> held = options.complete(in.positions());
        return in.withPositions(held).withMarket(options.marketFor(held));
    }

    /** Sums holdings of the same asset, so a pooled account shows one line per asset. */
    static List<CollateralHolding> merge(List<CollateralHolding> holdings) {
        Map<AssetCode, CollateralHolding> byAsset = new LinkedHashMap<>();
        for (CollateralHolding h : holdings) {
            byAsset.merge(
                    h.asset(),
                    h,
                    (a, b) -> new CollateralHolding(a.asset(), a.quantity().add(b.quantity()), a.price(), null));
        }
        return List.copyOf(byAsset.values());
    }

    /**
     * The product {@code symbol} whose underlying, kind, expiry date, strike, right and expiry instant are the row's
     * columns {@code underlying}, {@code kind}, {@code expiry}, {@code strike}, {@code option_right} and
     * {@code expires_at}.
     */
    static Product product(String symbol, Row row) throws SQLException {
        ProductKind kind = row.enumValue("kind", ProductKind.class);
        UnderlyingId underlying = UnderlyingId.of(row.string("underlying"));
        if (kind == ProductKind.OPTION) {
            return new Product(
                    ProductId.of(symbol),
                    underlying,
                    kind,
                    null,
                    new OptionTerms(
                            row.decimal("strike"),
                            row.enumValue("option_right", OptionRight.class),
                            row.instant("expires_at")));
        }
        return new Product(ProductId.of(symbol), underlying, kind, row.date("expiry"));
    }

    /** The product {@code symbol} as {@link #product(String, Row)} reads it, read once per load. */
    private static Product product(Map<String, Product> known, String symbol, Row row) throws SQLException {
        Product product = known.get(symbol);
        if (product == null) {
            product = product(symbol, row);
            known.put(symbol, product);
        }
        return product;
    }
}
