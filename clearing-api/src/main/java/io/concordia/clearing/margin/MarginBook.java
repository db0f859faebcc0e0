package io.concordia.clearing.margin;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.SqlArrays;
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
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what margin-core needs for a set of accounts in three set-based queries: the accounts, their open positions
 * with marks, and their ledger balances (collateral, bucket allocations, unpaid settlement) with USD prices. The
 * CCP's own default-management account is never margined: the CCP does not call itself.
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
    static long idOf(Connection c, String memberCode, String accountCode) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT a.id FROM account a JOIN member m ON m.id = a.member_id "
                + "WHERE a.code = ? AND (m.code = ? OR ?::text IS NULL)")) {
            ps.setString(1, accountCode);
            ps.setString(2, memberCode);
            ps.setString(3, memberCode);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw ApiProblem.notFound("account", accountCode);
                }
                return rs.getLong(1);
            }
        }
    }

    /**
     * Loads the accounts that exist among {@code ids}, in id order; options are valued at {@code valuationTime}, the
     * time of the marks loaded.
     */
    static Map<Long, AccountInput> load(Connection c, Collection<Long> ids, Instant valuationTime) throws SQLException {
        return load(c, "a.id = ANY (?)", ps -> ps.setArray(1, SqlArrays.longs(c, ids)), valuationTime);
    }

    /**
     * Loads member {@code memberCode}'s account {@code accountCode}: the lookup is the load's first query, not one
     * more. Another member's account, or the CCP's, is not found, as if it did not exist.
     */
    static AccountInput loadForMember(Connection c, String memberCode, String accountCode, Instant valuationTime)
            throws SQLException {
        Map<Long, AccountInput> found = load(
                c,
                "a.code = ? AND m.code = ?",
                ps -> {
                    ps.setString(1, accountCode);
                    ps.setString(2, memberCode);
                },
                valuationTime);
        if (found.isEmpty()) {
            throw ApiProblem.notFound("account", accountCode);
        }
        return found.values().iterator().next();
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Loads the accounts {@code where} selects, in id order, in three queries. */
    private static Map<Long, AccountInput> load(Connection c, String where, Binder binder, Instant valuationTime)
            throws SQLException {
        Map<Long, String[]> accounts = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.id, a.code, m.code, a.mode, a.status FROM account a "
                + "JOIN member m ON m.id = a.member_id WHERE " + where + " AND NOT m.is_ccp ORDER BY a.id")) {
            binder.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    accounts.put(
                            rs.getLong(1),
                            new String[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
                }
            }
        }
        if (accounts.isEmpty()) {
            return Map.of();
        }
        Map<Long, Map<String, Position>> positions = new HashMap<>();
        Map<String, Product> products = new HashMap<>();
        Map<Long, Set<String>> staleMarks = new HashMap<>();
        Map<Long, Set<String>> heldMarks = new HashMap<>();
        Set<String> missingIv = new TreeSet<>();
        // realized since the last settlement: everything realized, less the variation margin cycles have settled
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT p.account_id, pr.symbol, pr.underlying, pr.kind, pr.expiry, pr.strike, pr.option_right, pr.expires_at,
                       p.quantity, p.average_price, p.realized_pnl - coalesce(s.total, 0), m.price, m.price IS NULL OR m.stale,
                       m.held_price IS NOT NULL, m.iv
                  FROM position p JOIN product pr ON pr.id = p.product_id LEFT JOIN mark m ON m.product_id = p.product_id
                  LEFT JOIN settled_variation_margin s ON s.account_id = p.account_id AND s.product_id = p.product_id
                 WHERE p.account_id = ANY (?) AND (p.quantity <> 0 OR p.realized_pnl <> coalesce(s.total, 0))""")) {
            ps.setArray(1, SqlArrays.longs(c, accounts.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Product product = products.computeIfAbsent(rs.getString(2), symbol -> product(symbol, rs, 3));
                    BigDecimal quantity = rs.getBigDecimal(9);
                    BigDecimal average = rs.getBigDecimal(10);
                    BigDecimal mark = rs.getBigDecimal(12);
                    BigDecimal ref = average.signum() > 0 ? average : mark != null ? mark : BigDecimal.ONE;
                    long account = rs.getLong(1);
                    positions
                            .computeIfAbsent(account, k -> new LinkedHashMap<>())
                            .put(
                                    product.id().code(),
                                    new Position(
                                            product,
                                            quantity,
                                            mark != null ? mark : ref,
                                            ref,
                                            rs.getBigDecimal(11),
                                            impliedVolatility(product, rs.getBigDecimal(15), missingIv)));
                    if (quantity.signum() != 0) {
                        if (rs.getBoolean(13)) {
                            staleMarks
                                    .computeIfAbsent(account, k -> new TreeSet<>())
                                    .add(product.id().code());
                        }
                        if (rs.getBoolean(14)) {
                            heldMarks
                                    .computeIfAbsent(account, k -> new TreeSet<>())
                                    .add(product.id().code());
                        }
                    }
                }
            }
        }
        Map<Long, List<CollateralHolding>> buckets = new HashMap<>();
        Map<Long, List<CollateralHolding>> unallocated = new HashMap<>();
        // a settlement cycle's share booked to the account and not paid yet: cash the account owes or is owed
        Map<Long, BigDecimal> cash = new HashMap<>();
        Map<String, BigDecimal> bucketMarks = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(
                "WITH asset_price AS (SELECT a.id, a.code, " + ASSET_MARK + " AS mark FROM asset a) " + """
                SELECT la.account_id, la.kind, pr.symbol, ap.code, lb.balance, ap.mark, pr.underlying, pr.kind, pr.expiry,
                       pr.strike, pr.option_right, pr.expires_at, m.price, m.iv
                  FROM ledger_balance lb JOIN ledger_account la ON la.id = lb.ledger_account_id
                  JOIN asset_price ap ON ap.id = lb.asset_id LEFT JOIN product pr ON pr.id = la.product_id
                  LEFT JOIN mark m ON m.product_id = la.product_id
                 WHERE la.account_id = ANY (?) AND (la.kind IN ('MEMBER_COLLATERAL', 'MEMBER_BUCKET') AND lb.balance > 0
                                                    OR la.kind = 'MEMBER_SETTLEMENT' AND lb.balance <> 0)""")) {
            ps.setArray(1, SqlArrays.longs(c, accounts.keySet()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    BigDecimal price = price(rs.getString(4), rs.getBigDecimal(6));
                    if (price == null) {
                        continue;
                    }
                    long account = rs.getLong(1);
                    String bucket = rs.getString(3);
                    AssetCode asset = AssetCode.of(rs.getString(4));
                    BigDecimal balance = rs.getBigDecimal(5);
                    if (rs.getString(2).equals("MEMBER_SETTLEMENT")) {
                        cash.merge(account, balance.multiply(price), BigDecimal::add);
                    } else if (bucket == null) {
                        unallocated
                                .computeIfAbsent(account, k -> new ArrayList<>())
                                .add(new CollateralHolding(asset, balance, price, null));
                    } else {
                        Product product = products.computeIfAbsent(bucket, symbol -> product(symbol, rs, 7));
                        BigDecimal mark = rs.getBigDecimal(13);
                        bucketMarks.put(bucket, mark == null ? BigDecimal.ONE : mark);
                        BigDecimal iv = rs.getBigDecimal(14);
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
                                                impliedVolatility(product, iv, missingIv)));
                        buckets.computeIfAbsent(account, k -> new ArrayList<>())
                                .add(new CollateralHolding(asset, balance, price, ProductId.of(bucket)));
                    }
                }
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
                            a[0],
                            a[1],
                            MarginMode.valueOf(a[2]),
                            a[3],
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
    static AccountInput withOptionInputs(Connection c, AccountInput in, Set<String> missingIv, Instant valuationTime)
            throws SQLException {
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
     * The product {@code symbol} whose underlying, kind, expiry date, strike, right and expiry instant are the six columns
     * from {@code underlyingColumn}.
     */
    static Product product(String symbol, ResultSet rs, int underlyingColumn) {
        try {
            ProductKind kind = ProductKind.valueOf(rs.getString(underlyingColumn + 1));
            UnderlyingId underlying = UnderlyingId.of(rs.getString(underlyingColumn));
            if (kind == ProductKind.OPTION) {
                return new Product(
                        ProductId.of(symbol),
                        underlying,
                        kind,
                        null,
                        new OptionTerms(
                                rs.getBigDecimal(underlyingColumn + 3),
                                OptionRight.valueOf(rs.getString(underlyingColumn + 4)),
                                rs.getTimestamp(underlyingColumn + 5).toInstant()));
            }
            Date expiry = rs.getDate(underlyingColumn + 2);
            return new Product(ProductId.of(symbol), underlying, kind, expiry == null ? null : expiry.toLocalDate());
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
