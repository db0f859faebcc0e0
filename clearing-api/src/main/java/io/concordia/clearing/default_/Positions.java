package io.concordia.clearing.default_;

import io.concordia.clearing.common.Sql;
import io.concordia.settlement.novation.NovatedPosition;
import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Position moves of default management, on the caller's connection, by the same novation arithmetic the trade consumer
 * books ({@link NovatedPosition#fill}). Every move is a pair of fills of opposite sign at one price, so positions per product
 * keep summing to zero (I2). The caller holds the accounts' locks ({@link io.concordia.clearing.account.AccountLocks}).
 */
final class Positions {

    /** A held position with its product. */
    record Held(
            long accountId,
            String account,
            long productId,
            String product,
            String underlying,
            BigDecimal quantity,
            BigDecimal averagePrice,
            BigDecimal realizedPnl) {}

    private Positions() {}

    /** The open positions of the accounts, by account code then product symbol. */
    static List<Held> open(Connection c, Collection<Long> accounts) {
        return select(c, accounts, "p.quantity <> 0");
    }

    /** Every position row of the accounts that carries a quantity or a realized result. */
    static List<Held> all(Connection c, Collection<Long> accounts) {
        return select(c, accounts, "(p.quantity <> 0 OR p.realized_pnl <> 0)");
    }

    private static List<Held> select(Connection c, Collection<Long> accounts, String condition) {
        if (accounts.isEmpty()) {
            return new ArrayList<>();
        }
        return Sql.on(c)
                .list(
                        """
                        SELECT p.account_id, a.code AS account, p.product_id, pr.symbol AS product, pr.underlying, p.quantity,
                               p.average_price, p.realized_pnl
                          FROM position p JOIN account a ON a.id = p.account_id JOIN product pr ON pr.id = p.product_id
                         WHERE p.account_id = ANY (?)""" + " AND " + condition + " ORDER BY a.code, pr.symbol",
                        row -> new Held(
                                row.longValue("account_id"),
                                row.string("account"),
                                row.longValue("product_id"),
                                row.string("product"),
                                row.string("underlying"),
                                row.decimal("quantity"),
                                row.decimal("average_price"),
                                row.decimal("realized_pnl")),
                        Sql.longs(accounts));
    }

    /** Books one fill of {@code signedQuantity} (+ bought) at {@code price} on the account's position. @return the position after it */
    static NovatedPosition fill(Connection c, long account, long product, BigDecimal signedQuantity, BigDecimal price) {
        Sql sql = Sql.on(c);
        sql.update("""
                INSERT INTO position (account_id, product_id, quantity, average_price, realized_pnl) VALUES (?, ?, 0, 0, 0)
                ON CONFLICT (account_id, product_id) DO NOTHING""", account, product);
        NovatedPosition before = sql.one(
                "SELECT quantity, average_price, realized_pnl FROM position WHERE account_id = ? AND product_id = ? FOR UPDATE",
                row -> new NovatedPosition(
                        row.decimal("quantity"), row.decimal("average_price"), row.decimal("realized_pnl")),
                account,
                product);
        NovatedPosition after = before.fill(signedQuantity, price);
        sql.update("""
                UPDATE position SET quantity = ?, average_price = ?, realized_pnl = ?, trade_count = trade_count + 1, updated_at = now()
                 WHERE account_id = ? AND product_id = ?""", after.quantity(), after.averagePrice(), after.realizedPnl(), account, product);
        return after;
    }

    /** The product's current harmonized mark, or {@code null} when it has none. */
    static BigDecimal mark(Connection c, long product) {
        return Sql.on(c)
                .first("SELECT price FROM mark WHERE product_id = ?", row -> row.decimal("price"), product)
                .orElse(null);
    }
}
