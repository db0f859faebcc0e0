package io.concordia.clearing.trade;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.account.AccountEntity;
import io.concordia.clearing.account.AccountService;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.settlement.novation.NovatedPosition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What a member reads of its risk: positions with their mark and P&L, and the trades that made them. */
@ApplicationScoped
public class PositionService {

    /**
     * An open position. {@code quantity}: product units, + long. Prices: USD per unit. P&L: USD, + gained by the
     * member. {@code averagePrice} and {@code realizedPnl} are the position's whole history at its entry prices.
     * {@code referencePrice} is what variation margin is measured from (docs/margin-model.md §5: {@code S_p_ref}):
     * the last settlement price for the quantity held since the last cycle, the trade price for quantity traded since;
     * {@code unrealizedPnl = quantity x (mark - referencePrice)} restarts from zero at each cycle, and
     * {@code unsettledRealizedPnl} is what reductions realized since the last cycle, settled by the next one.
     * Unrealized P&L is absent while the product has no mark.
     */
    public record PositionView(
            String product,
            BigDecimal quantity,
            BigDecimal averagePrice,
            BigDecimal referencePrice,
            BigDecimal mark,
            boolean markStale,
            BigDecimal unrealizedPnl,
            BigDecimal unsettledRealizedPnl,
            BigDecimal realizedPnl,
            Instant updatedAt) {}

    /**
     * One side of a trade as the account sees it: BUY or SELL, in product units. {@code kind} is {@code TRADE} for a
     * venue's trade, or {@code DEFAULT_TRANSFER} for a position default management moved into or out of the account (a
     * close-out at an operator's price or an auction award), which carries its case, its method and, when auctioned,
     * its auction, and has no venue or venue trade id; its {@code executedAt} and {@code receivedAt} are when it was
     * booked.
     */
    public record TradeView(
            String kind,
            String venue,
            String tradeId,
            String product,
            String side,
            BigDecimal quantity,
            BigDecimal price,
            Instant executedAt,
            Instant receivedAt,
            Long transfer,
            Long defaultCase,
            String method,
            Long auction) {}

    @Inject
    AgroalDataSource dataSource;

    @Inject
    AccountService accounts;

    @Transactional
    public List<PositionView> positionsOf(String memberCode, String accountCode) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement("""
                SELECT pr.symbol, p.quantity, p.average_price, m.price, m.stale, p.realized_pnl, p.updated_at, p.product_id
                  FROM position p JOIN product pr ON pr.id = p.product_id LEFT JOIN mark m ON m.product_id = p.product_id
                 WHERE p.account_id = ? AND (p.quantity <> 0 OR p.realized_pnl <> 0) ORDER BY pr.symbol""")) {
            st.setLong(1, account.id);
            Map<Long, NovatedPosition> sinceSettlement = sinceLastSettlement(c, account.id);
            List<PositionView> views = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    NovatedPosition position =
                            new NovatedPosition(rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(6));
                    NovatedPosition settled = sinceSettlement.getOrDefault(rs.getLong(8), NovatedPosition.FLAT);
                    if (settled.quantity().compareTo(position.quantity()) != 0) {
                        // a batch committed between the two reads: measure from the entry price until the next read
                        settled = new NovatedPosition(position.quantity(), position.averagePrice(), BigDecimal.ZERO);
                    }
                    BigDecimal mark = rs.getBigDecimal(4);
                    views.add(new PositionView(
                            rs.getString(1),
                            Decimals.plain(position.quantity()),
                            Decimals.plain(position.averagePrice()),
                            position.quantity().signum() == 0 ? null : Decimals.plain(settled.averagePrice()),
                            mark == null ? null : Decimals.plain(mark),
                            rs.getBoolean(5),
                            mark == null ? null : Decimals.plain(settled.unrealizedPnl(mark)),
                            Decimals.plain(settled.realizedPnl()),
                            Decimals.plain(position.realizedPnl()),
                            rs.getTimestamp(7).toInstant()));
                }
            }
            return views;
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * Each position of the account as seen from its last settlement: the quantity and reference price the last cycle
     * left (its settlement price), then the trades no finished cycle has settled yet, filled in the order they were
     * applied. The result's average price is the reference price and its realized P&L what reductions realized since.
     */
    private static Map<Long, NovatedPosition> sinceLastSettlement(Connection c, long accountId) throws SQLException {
        Map<Long, NovatedPosition> positions = new HashMap<>();
        try (var st = c.prepareStatement(
                "SELECT product_id, quantity, reference_price FROM settlement_position WHERE account_id = ?")) {
            st.setLong(1, accountId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    positions.put(
                            rs.getLong(1),
                            new NovatedPosition(rs.getBigDecimal(2), rs.getBigDecimal(3), BigDecimal.ZERO));
                }
            }
        }
        try (var st = c.prepareStatement("""
                SELECT id, product_id, quantity, price FROM trade_inbox WHERE buyer_account_id = ? AND settlement_cycle_id IS NULL
                UNION ALL
                SELECT id, product_id, -quantity, price FROM trade_inbox WHERE seller_account_id = ? AND settlement_cycle_id IS NULL
                UNION ALL
                SELECT id, product_id, CASE WHEN buyer_account_id = ? THEN quantity ELSE -quantity END, price FROM trade_inbox
                 WHERE settlement_cycle_id IN (SELECT id FROM settlement_cycle WHERE status = 'FROZEN')
                   AND (buyer_account_id = ? OR seller_account_id = ?)
                ORDER BY 1""")) {
            for (int i = 1; i <= 5; i++) {
                st.setLong(i, accountId);
            }
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    positions.merge(rs.getLong(2), NovatedPosition.FLAT, (a, b) -> a);
                    long product = rs.getLong(2);
                    positions.put(product, positions.get(product).fill(rs.getBigDecimal(3), rs.getBigDecimal(4)));
                }
            }
        }
        return positions;
    }

    /**
     * The account's trades and default-management transfers, newest first: a transfer shows as soon as it is booked,
     * not only in the next statement.
     */
    @Transactional
    public Page<TradeView> tradesOf(String memberCode, String accountCode, PageRequest page) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        try (Connection c = dataSource.getConnection();
                var st = c.prepareStatement("""
                SELECT * FROM (
                    SELECT 'TRADE' AS kind, v.code AS venue, i.venue_trade_id AS trade_id, p.symbol,
                           CASE WHEN i.buyer_account_id = ? THEN 'BUY' ELSE 'SELL' END AS side, i.quantity, i.price,
                           i.executed_at, i.received_at AS booked_at, i.id, NULL::bigint AS case_id, NULL AS method,
                           NULL::bigint AS auction_id
                      FROM trade_inbox i JOIN venue v ON v.id = i.venue_id JOIN product p ON p.id = i.product_id
                     WHERE i.buyer_account_id = ? OR i.seller_account_id = ?
                    UNION ALL
                    SELECT 'DEFAULT_TRANSFER', NULL, NULL, p.symbol,
                           CASE WHEN t.buyer_account_id = ? THEN 'BUY' ELSE 'SELL' END, t.quantity, t.price,
                           t.transferred_at, t.transferred_at, t.id, t.case_id, t.method, o.auction_id
                      FROM position_transfer t JOIN product p ON p.id = t.product_id
                      JOIN default_close_out o ON o.id = t.close_out_id
                     WHERE t.buyer_account_id = ? OR t.seller_account_id = ?
                ) booked
                ORDER BY booked_at DESC, kind, id DESC LIMIT ? OFFSET ?""");
                var count = c.prepareStatement("""
                        SELECT (SELECT count(*) FROM trade_inbox WHERE buyer_account_id = ? OR seller_account_id = ?)
                             + (SELECT count(*) FROM position_transfer WHERE buyer_account_id = ? OR seller_account_id = ?)""")) {
            for (int i = 1; i <= 6; i++) {
                st.setLong(i, account.id);
            }
            st.setInt(7, page.size());
            st.setLong(8, (long) page.page() * page.size());
            List<TradeView> items = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    boolean transfer = rs.getString(1).equals("DEFAULT_TRANSFER");
                    items.add(new TradeView(
                            rs.getString(1),
                            rs.getString(2),
                            rs.getString(3),
                            rs.getString(4),
                            rs.getString(5),
                            Decimals.plain(rs.getBigDecimal(6)),
                            Decimals.plain(rs.getBigDecimal(7)),
                            rs.getTimestamp(8).toInstant(),
                            rs.getTimestamp(9).toInstant(),
                            transfer ? rs.getLong(10) : null,
                            rs.getObject(11, Long.class),
                            rs.getString(12),
                            rs.getObject(13, Long.class)));
                }
            }
            for (int i = 1; i <= 4; i++) {
                count.setLong(i, account.id);
            }
            try (var rs = count.executeQuery()) {
                rs.next();
                return new Page<>(items, page.page(), page.size(), rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }
}
