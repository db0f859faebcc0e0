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
import java.util.List;

/** What a member reads of its risk: positions with their mark and P&L, and the trades that made them. */
@ApplicationScoped
public class PositionService {

    /**
     * An open position. {@code quantity}: product units, + long. Prices: USD per unit. P&L: USD, + gained by the
     * member; {@code unrealizedPnl} is at the mark, absent while the product has no mark.
     */
    public record PositionView(String product, BigDecimal quantity, BigDecimal averagePrice, BigDecimal mark, boolean markStale,
            BigDecimal unrealizedPnl, BigDecimal realizedPnl, Instant updatedAt) {
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
                SELECT pr.symbol, p.quantity, p.average_price, m.price, m.stale, p.realized_pnl, p.updated_at
                  FROM position p JOIN product pr ON pr.id = p.product_id LEFT JOIN mark m ON m.product_id = p.product_id
                 WHERE p.account_id = ? AND (p.quantity <> 0 OR p.realized_pnl <> 0) ORDER BY pr.symbol""")) {
            st.setLong(1, account.id);
            List<PositionView> views = new ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    Position position = new Position(rs.getBigDecimal(2), rs.getBigDecimal(3), rs.getBigDecimal(6));
                    BigDecimal mark = rs.getBigDecimal(4);
                    views.add(new PositionView(rs.getString(1), Decimals.plain(position.quantity()), Decimals.plain(position.averagePrice()),
                            mark == null ? null : Decimals.plain(mark), rs.getBoolean(5),
                            mark == null ? null : Decimals.plain(position.unrealizedPnl(mark)), Decimals.plain(position.realizedPnl()),
                            rs.getTimestamp(7).toInstant()));
                }
            }
            return views;
        } catch (SQLException e) {
            throw new IngestFailure(e);
        }
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
