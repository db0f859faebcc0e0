package io.concordia.clearing.trade;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.account.AccountEntity;
import io.concordia.clearing.account.AccountService;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.Sql;
import io.concordia.settlement.novation.NovatedPosition;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.sql.Connection;
import java.time.Instant;
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
        return Jdbc.with(dataSource, c -> {
            Map<Long, NovatedPosition> sinceSettlement = sinceLastSettlement(c, account.id);
            return Sql.on(c)
                    .list(
                            """
                SELECT pr.symbol, p.quantity, p.average_price, m.price AS mark, m.stale, p.realized_pnl, p.updated_at, p.product_id
                  FROM position p JOIN product pr ON pr.id = p.product_id LEFT JOIN mark m ON m.product_id = p.product_id
                 WHERE p.account_id = ? AND (p.quantity <> 0 OR p.realized_pnl <> 0) ORDER BY pr.symbol""",
                            row -> {
                                NovatedPosition position = new NovatedPosition(
                                        row.decimal("quantity"),
                                        row.decimal("average_price"),
                                        row.decimal("realized_pnl"));
                                NovatedPosition settled =
                                        sinceSettlement.getOrDefault(row.longValue("product_id"), NovatedPosition.FLAT);
                                if (settled.quantity().compareTo(position.quantity()) != 0) {
                                    // a batch committed between the two reads: measure from the entry price until the
                                    // next read
                                    settled = new NovatedPosition(
                                            position.quantity(), position.averagePrice(), BigDecimal.ZERO);
                                }
                                BigDecimal mark = row.decimal("mark");
                                return new PositionView(
                                        row.string("symbol"),
                                        Decimals.plain(position.quantity()),
                                        Decimals.plain(position.averagePrice()),
                                        position.quantity().signum() == 0
                                                ? null
                                                : Decimals.plain(settled.averagePrice()),
                                        mark == null ? null : Decimals.plain(mark),
                                        row.bool("stale"),
                                        mark == null ? null : Decimals.plain(settled.unrealizedPnl(mark)),
                                        Decimals.plain(settled.realizedPnl()),
                                        Decimals.plain(position.realizedPnl()),
                                        row.instant("updated_at"));
                            },
                            account.id);
        });
    }

    /**
     * Each position of the account as seen from its last settlement: the quantity and reference price the last cycle
     * left (its settlement price), then the trades no finished cycle has settled yet, filled in the order they were
     * applied. The result's average price is the reference price and its realized P&L what reductions realized since.
     */
    private static Map<Long, NovatedPosition> sinceLastSettlement(Connection c, long accountId) {
        Map<Long, NovatedPosition> positions = new HashMap<>();
        Sql sql = Sql.on(c);
        sql.list(
                "SELECT product_id, quantity, reference_price FROM settlement_position WHERE account_id = ?",
                row -> positions.put(
                        row.longValue("product_id"),
                        new NovatedPosition(row.decimal("quantity"), row.decimal("reference_price"), BigDecimal.ZERO)),
                accountId);
        // the union's columns are named by its first branch: id, product_id, quantity (signed), price
        sql.list(
                """
                SELECT id, product_id, quantity, price FROM trade_inbox WHERE buyer_account_id = ? AND settlement_cycle_id IS NULL
                UNION ALL
                SELECT id, product_id, -quantity, price FROM trade_inbox WHERE seller_account_id = ? AND settlement_cycle_id IS NULL
                UNION ALL
                SELECT id, product_id, CASE WHEN buyer_account_id = ? THEN quantity ELSE -quantity END, price FROM trade_inbox
                 WHERE settlement_cycle_id IN (SELECT id FROM settlement_cycle WHERE status = 'FROZEN')
                   AND (buyer_account_id = ? OR seller_account_id = ?)
                ORDER BY 1""",
                row -> {
                    long product = row.longValue("product_id");
                    positions.merge(product, NovatedPosition.FLAT, (a, b) -> a);
                    return positions.put(
                            product, positions.get(product).fill(row.decimal("quantity"), row.decimal("price")));
                },
                accountId,
                accountId,
                accountId,
                accountId,
                accountId);
        return positions;
    }

    /**
     * The account's trades and default-management transfers, newest first: a transfer shows as soon as it is booked,
     * not only in the next statement.
     */
    @Transactional
    public Page<TradeView> tradesOf(String memberCode, String accountCode, PageRequest page) {
        AccountEntity account = accounts.requireForMember(memberCode, accountCode);
        long accountId = account.id;
        return Jdbc.with(dataSource, c -> {
            Sql sql = Sql.on(c);
            List<TradeView> items = sql.list(
                    """
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
                ORDER BY booked_at DESC, kind, id DESC LIMIT ? OFFSET ?""",
                    row -> {
                        boolean transfer = row.string("kind").equals("DEFAULT_TRANSFER");
                        return new TradeView(
                                row.string("kind"),
                                row.string("venue"),
                                row.string("trade_id"),
                                row.string("symbol"),
                                row.string("side"),
                                Decimals.plain(row.decimal("quantity")),
                                Decimals.plain(row.decimal("price")),
                                row.instant("executed_at"),
                                row.instant("booked_at"),
                                transfer ? row.longValue("id") : null,
                                row.nullableLong("case_id"),
                                row.string("method"),
                                row.nullableLong("auction_id"));
                    },
                    accountId,
                    accountId,
                    accountId,
                    accountId,
                    accountId,
                    accountId,
                    page.size(),
                    (long) page.page() * page.size());
            long total = sql.one("""
                        SELECT (SELECT count(*) FROM trade_inbox WHERE buyer_account_id = ? OR seller_account_id = ?)
                             + (SELECT count(*) FROM position_transfer WHERE buyer_account_id = ? OR seller_account_id = ?) AS n""", row -> row.longValue("n"), accountId, accountId, accountId, accountId);
            return new Page<>(items, page.page(), page.size(), total);
        });
    }
}
