package io.concordia.clearing.trade;

import io.concordia.clearing.common.Decimals;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.account.AccountEntity;
import io.concordia.clearing.account.AccountService;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.ingest.IngestFailure;
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
     * {@code unsettledRealizedPnl} is what reductions realised since the last cycle, settled by the next one.
     * Unrealized P&L is absent while the product has no mark.
     */
    public record PositionView(String product, BigDecimal quantity, BigDecimal averagePrice, BigDecimal referencePrice, BigDecimal mark,
            boolean markStale, BigDecimal unrealizedPnl, BigDecimal unsettledRealizedPnl, BigDecimal realizedPnl, Instant updatedAt) {
    }

    /** One side of a trade as the account sees it: BUY or SELL, in product units and venue contracts. */
    public record TradeView(String venue, String tradeId, String product, String side, BigDecimal quantity, BigDecimal price,
            Instant executedAt, Instant receivedAt) {
    }

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AccountService accounts;

    @Transactional
    public List<PositionView> positionsOf(String memberCode, String accountCode) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        try (Connection c = dataSource.getConnection(); var st = c.prepareStatement("""
                SELECT pr.symbol, p.quantity, p.average_price, m.price, m.stale, p.realized_pnl, p.updated_at, p.product_id
                  FROM position p JOIN product pr ON pr.id = p.product_id LEFT JOIN mark m ON m.product_id = p.product_id
                 WHERE p.account_id = ? AND (p.quantity <> 0 OR p.realized_pnl <> 0) ORDER BY pr.symbol""")) {
            st.setLong(1, account.id);
            Map<Long, Position> sinceSettlement = sinceLastSettlement(c, account.id);
            List<PositionView> views = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    Position position = new Position(rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(6));
                    Position settled = sinceSettlement.getOrDefault(rs.getLong(8), Position.FLAT);
                    if (settled.quantity().compareTo(position.quantity()) != 0) {
                        // a batch committed between the two reads: measure from the entry price until the next read
                        settled = new Position(position.quantity(), position.averagePrice(), BigDecimal.ZERO);
                    }
                    BigDecimal mark = rs.getBigDecimal(4);
                    views.add(new PositionView(rs.getString(1), Decimals.plain(position.quantity()), Decimals.plain(position.averagePrice()),
                            position.quantity().signum() == 0 ? null : Decimals.plain(settled.averagePrice()),
                            mark == null ? null : Decimals.plain(mark), rs.getBoolean(5),
                            mark == null ? null : Decimals.plain(settled.unrealizedPnl(mark)), Decimals.plain(settled.realizedPnl()),
                            Decimals.plain(position.realizedPnl()), rs.getTimestamp(7).toInstant()));
                }
            }
            return views;
        } catch (SQLException e) {
            throw new IngestFailure(e);
        }
    }

    /**
     * Each position of the account as seen from its last settlement: the quantity and reference price the last cycle
     * left (its settlement price), then the trades no finished cycle has settled yet, filled in the order they were
     * applied. The result's average price is the reference price and its realised P&L what reductions realised since.
     */
    private static Map<Long, Position> sinceLastSettlement(Connection c, long accountId) throws SQLException {
        Map<Long, Position> positions = new HashMap<>();
        try (var st = c.prepareStatement("SELECT product_id, quantity, reference_price FROM settlement_position WHERE account_id = ?")) {
            st.setLong(1, accountId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    positions.put(rs.getLong(1), new Position(rs.getBigDecimal(2), rs.getBigDecimal(3), BigDecimal.ZERO));
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
                    positions.merge(rs.getLong(2), Position.FLAT, (a, b) -> a);
                    long product = rs.getLong(2);
                    positions.put(product, positions.get(product).fill(rs.getBigDecimal(3), rs.getBigDecimal(4)));
                }
            }
        }
        return positions;
    }

    @Transactional
    public Page<TradeView> tradesOf(String memberCode, String accountCode, PageRequest page) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        try (Connection c = dataSource.getConnection(); var st = c.prepareStatement("""
                SELECT v.code, i.venue_trade_id, p.symbol, CASE WHEN i.buyer_account_id = ? THEN 'BUY' ELSE 'SELL' END,
                       i.quantity, i.price, i.executed_at, i.received_at
                  FROM trade_inbox i JOIN venue v ON v.id = i.venue_id JOIN product p ON p.id = i.product_id
                 WHERE i.buyer_account_id = ? OR i.seller_account_id = ?
                 ORDER BY i.id DESC LIMIT ? OFFSET ?""");
                var count = c.prepareStatement("SELECT count(*) FROM trade_inbox WHERE buyer_account_id = ? OR seller_account_id = ?")) {
            st.setLong(1, account.id);
            st.setLong(2, account.id);
            st.setLong(3, account.id);
            st.setInt(4, page.size());
            st.setLong(5, (long) page.page() * page.size());
            List<TradeView> items = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    items.add(new TradeView(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Decimals.plain(rs.getBigDecimal(5)),
                            Decimals.plain(rs.getBigDecimal(6)), rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant()));
                }
            }
            count.setLong(1, account.id);
            count.setLong(2, account.id);
            try (var rs = count.executeQuery()) {
                rs.next();
                return new Page<>(items, page.page(), page.size(), rs.getLong(1));
            }
        } catch (SQLException e) {
            throw new IngestFailure(e);
        }
    }
}
