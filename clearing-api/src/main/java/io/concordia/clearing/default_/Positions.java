package io.concordia.clearing.default_;

import io.concordia.clearing.common.SqlArrays;
import io.concordia.settlement.novation.NovatedPosition;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
    static List<Held> open(Connection c, Collection<Long> accounts) throws SQLException {
        return select(c, accounts, "p.quantity <> 0");
    }

    /** Every position row of the accounts that carries a quantity or a realized result. */
    static List<Held> all(Connection c, Collection<Long> accounts) throws SQLException {
        return select(c, accounts, "(p.quantity <> 0 OR p.realized_pnl <> 0)");
    }

    private static List<Held> select(Connection c, Collection<Long> accounts, String condition) throws SQLException {
        List<Held> out = new ArrayList<>();
        if (accounts.isEmpty()) {
            return out;
        }
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT p.account_id, a.code, p.product_id, pr.symbol, pr.underlying, p.quantity, p.average_price, p.realized_pnl
                  FROM position p JOIN account a ON a.id = p.account_id JOIN product pr ON pr.id = p.product_id
                 WHERE p.account_id = ANY (?)""" + " AND " + condition + " ORDER BY a.code, pr.symbol")) {
            ps.setArray(1, SqlArrays.longs(c, accounts));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Held(
                            rs.getLong(1),
                            rs.getString(2),
                            rs.getLong(3),
                            rs.getString(4),
                            rs.getString(5),
                            rs.getBigDecimal(6),
                            rs.getBigDecimal(7),
                            rs.getBigDecimal(8)));
                }
            }
        }
        return out;
    }

    /** Books one fill of {@code signedQuantity} (+ bought) at {@code price} on the account's position. @return the position after it */
    static NovatedPosition fill(Connection c, long account, long product, BigDecimal signedQuantity, BigDecimal price)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO position (account_id, product_id, quantity, average_price, realized_pnl) VALUES (?, ?, 0, 0, 0)
                ON CONFLICT (account_id, product_id) DO NOTHING""")) {
            ps.setLong(1, account);
            ps.setLong(2, product);
            ps.executeUpdate();
        }
        NovatedPosition before;
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT quantity, average_price, realized_pnl FROM position WHERE account_id = ? AND product_id = ? FOR UPDATE")) {
            ps.setLong(1, account);
            ps.setLong(2, product);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                before = new NovatedPosition(rs.getBigDecimal(1), rs.getBigDecimal(2), rs.getBigDecimal(3));
            }
        }
        NovatedPosition after = before.fill(signedQuantity, price);
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE position SET quantity = ?, average_price = ?, realized_pnl = ?, trade_count = trade_count + 1, updated_at = now()
                 WHERE account_id = ? AND product_id = ?""")) {
            ps.setBigDecimal(1, after.quantity());
            ps.setBigDecimal(2, after.averagePrice());
            ps.setBigDecimal(3, after.realizedPnl());
            ps.setLong(4, account);
            ps.setLong(5, product);
            ps.executeUpdate();
        }
        return after;
    }

    /** The product's current harmonized mark, or {@code null} when it has none. */
    static BigDecimal mark(Connection c, long product) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT price FROM mark WHERE product_id = ?")) {
            ps.setLong(1, product);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBigDecimal(1) : null;
            }
        }
    }
}
