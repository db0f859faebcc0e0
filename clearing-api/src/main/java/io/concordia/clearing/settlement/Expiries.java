package io.concordia.clearing.settlement;

import io.concordia.clearing.common.SqlArrays;
import io.concordia.settlement.novation.NovatedPosition;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The expiry of dated products (docs/margin-model.md §8.1). The first settlement cycle after a future or an option
 * expires settles every position in it at its final settlement price and closes it; from then on the product takes
 * no trade and no price.
 *
 * <p>The final price is an operator's, when one was set (audited), or else fixed by that cycle from the marks at the
 * instant of expiry {@code T}: a future's own harmonized mark at {@code T} ({@code MARK}); an option's intrinsic value
 * at its underlying's price at {@code T} ({@code INTRINSIC}): {@code max(F_T - K, 0)} for a call, {@code max(K - F_T, 0)}
 * for a put, where {@code F_T} is the mark at {@code T} of the underlying's reference product, the perpetual or else
 * the first future listed. "The mark at T" is the last mark set at or before {@code T}. A product with no such mark
 * waits for the next cycle, like any product without a price.
 */
final class Expiries {

    /** Who fixes a final price that no operator set. */
    static final String FIXED_BY = "settlement-cycle";

    private Expiries() {}

    /**
     * The final prices of the products among {@code candidates} that expired at or before {@code cutOff}, fixing (and
     * recording) those not fixed yet; products without one yet are left out.
     */
    static Map<Long, BigDecimal> finalPrices(Connection c, Collection<Long> candidates, Instant cutOff)
            throws SQLException {
        Map<Long, BigDecimal> finals = new TreeMap<>();
        if (candidates.isEmpty()) {
            return finals;
        }
        try (var st = c.prepareStatement("""
                SELECT p.id, p.kind, p.strike, p.option_right, f.price,
                       (SELECT h.price FROM mark_history h WHERE h.product_id = p.id AND h.at <= p.expires_at
                         ORDER BY h.at DESC, h.id DESC LIMIT 1),
                       (SELECT h.price FROM mark_history h
                         WHERE h.at <= p.expires_at AND h.product_id = (
                               SELECT r.id FROM product r WHERE r.underlying = p.underlying AND r.kind <> 'OPTION'
                                ORDER BY r.kind = 'PERPETUAL' DESC, r.id LIMIT 1)
                         ORDER BY h.at DESC, h.id DESC LIMIT 1)
                  FROM product p LEFT JOIN product_final_price f ON f.product_id = p.id
                 WHERE p.id = ANY(?) AND p.expires_at <= ?""");
                var insert = c.prepareStatement("""
                        INSERT INTO product_final_price (product_id, price, source, underlying_price, set_by, set_at)
                        VALUES (?, ?, ?, ?, ?, ?)""")) {
            st.setArray(1, SqlArrays.longs(c, candidates));
            st.setTimestamp(2, Timestamp.from(cutOff));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    long product = rs.getLong(1);
                    if (rs.getBigDecimal(5) != null) {
                        finals.put(product, rs.getBigDecimal(5));
                        continue;
                    }
                    boolean option = "OPTION".equals(rs.getString(2));
                    BigDecimal observed = option ? rs.getBigDecimal(7) : rs.getBigDecimal(6);
                    if (observed == null) {
                        continue;
                    }
                    BigDecimal price = option ? intrinsic(rs.getString(4), rs.getBigDecimal(3), observed) : observed;
                    insert.setLong(1, product);
                    insert.setBigDecimal(2, price);
                    insert.setString(3, option ? "INTRINSIC" : "MARK");
                    insert.setBigDecimal(4, option ? observed : null);
                    insert.setString(5, FIXED_BY);
                    insert.setTimestamp(6, Timestamp.from(cutOff));
                    insert.addBatch();
                    finals.put(product, price);
                }
            }
            insert.executeBatch();
        }
        return finals;
    }

    /** {@code max(F - K, 0)} for a call, {@code max(K - F, 0)} for a put: exact. */
    static BigDecimal intrinsic(String right, BigDecimal strike, BigDecimal underlying) {
        BigDecimal payoff = "CALL".equals(right) ? underlying.subtract(strike) : strike.subtract(underlying);
        return payoff.max(BigDecimal.ZERO);
    }

    /**
     * Closes every position in the products cycle {@code cycleId} settled at their final price: the settlement
     * positions go (the cycle settled them to the final price), each trade position realizes its P&amp;L at that price
     * by the novation arithmetic ({@link NovatedPosition#closeAt}) and goes flat, and the product is marked settled so that
     * nothing more trades in it.
     */
    static void close(Connection c, long cycleId) throws SQLException {
        List<Object[]> closed = new ArrayList<>(); // {accountId, productId, realized}
        try (var st = c.prepareStatement("""
                SELECT p.account_id, p.product_id, p.quantity, p.average_price, p.realized_pnl, f.price
                  FROM position p JOIN settlement_price f ON f.product_id = p.product_id
                 WHERE f.cycle_id = ? AND f.source = 'FINAL' AND p.quantity <> 0 FOR UPDATE OF p""")) {
            st.setLong(1, cycleId);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    NovatedPosition flat = new NovatedPosition(
                                    rs.getBigDecimal(3), rs.getBigDecimal(4), rs.getBigDecimal(5))
                            .closeAt(rs.getBigDecimal(6));
                    closed.add(new Object[] {rs.getLong(1), rs.getLong(2), flat.realizedPnl()});
                }
            }
        }
        try (var st = c.prepareStatement("""
                UPDATE position p SET quantity = 0, average_price = 0, realized_pnl = u.r
                  FROM unnest(?::bigint[], ?::bigint[], ?::numeric[]) AS u(a, pr, r)
                 WHERE p.account_id = u.a AND p.product_id = u.pr""")) {
            st.setArray(
                    1, SqlArrays.longs(c, closed.stream().map(r -> (Long) r[0]).toList()));
            st.setArray(
                    2, SqlArrays.longs(c, closed.stream().map(r -> (Long) r[1]).toList()));
            st.setArray(
                    3,
                    SqlArrays.decimals(
                            c, closed.stream().map(r -> (BigDecimal) r[2]).toList()));
            st.executeUpdate();
        }
        try (var st = c.prepareStatement("""
                WITH finals AS (SELECT product_id FROM settlement_price WHERE cycle_id = ? AND source = 'FINAL'),
                gone AS (DELETE FROM settlement_position s USING finals f WHERE s.product_id = f.product_id)
                UPDATE product_final_price pf SET settled_cycle_id = ? FROM finals f
                 WHERE pf.product_id = f.product_id AND pf.settled_cycle_id IS NULL""")) {
            st.setLong(1, cycleId);
            st.setLong(2, cycleId);
            st.executeUpdate();
        }
    }
}
