package io.concordia.clearing.settlement;

import io.concordia.clearing.common.Sql;
import io.concordia.settlement.novation.NovatedPosition;
import java.math.BigDecimal;
import java.sql.Connection;
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
    static Map<Long, BigDecimal> finalPrices(Connection c, Collection<Long> candidates, Instant cutOff) {
        Map<Long, BigDecimal> finals = new TreeMap<>();
        if (candidates.isEmpty()) {
            return finals;
        }
        Sql sql = Sql.on(c);
        List<Expired> expired = sql.list(
                """
                SELECT p.id, p.kind, p.strike, p.option_right, f.price AS final_price,
                       (SELECT h.price FROM mark_history h WHERE h.product_id = p.id AND h.at <= p.expires_at
                         ORDER BY h.at DESC, h.id DESC LIMIT 1) AS own_mark,
                       (SELECT h.price FROM mark_history h
                         WHERE h.at <= p.expires_at AND h.product_id = (
                               SELECT r.id FROM product r WHERE r.underlying = p.underlying AND r.kind <> 'OPTION'
                                ORDER BY r.kind = 'PERPETUAL' DESC, r.id LIMIT 1)
                         ORDER BY h.at DESC, h.id DESC LIMIT 1) AS underlying_mark
                  FROM product p LEFT JOIN product_final_price f ON f.product_id = p.id
                 WHERE p.id = ANY(?) AND p.expires_at <= ?""",
                row -> new Expired(
                        row.longValue("id"),
                        "OPTION".equals(row.string("kind")),
                        row.decimal("strike"),
                        row.string("option_right"),
                        row.decimal("final_price"),
                        row.decimal("own_mark"),
                        row.decimal("underlying_mark")),
                Sql.longs(candidates),
                cutOff);
        List<Object[]> fixed = new ArrayList<>(); // {productId, price, source, underlyingPrice}
        for (Expired p : expired) {
            if (p.finalPrice() != null) {
                finals.put(p.id(), p.finalPrice());
                continue;
            }
            BigDecimal observed = p.option() ? p.underlyingMark() : p.ownMark();
            if (observed == null) {
                continue;
            }
            BigDecimal price = p.option() ? intrinsic(p.optionRight(), p.strike(), observed) : observed;
            fixed.add(new Object[] {p.id(), price, p.option() ? "INTRINSIC" : "MARK", p.option() ? observed : null});
            finals.put(p.id(), price);
        }
        sql.batch("""
                INSERT INTO product_final_price (product_id, price, source, underlying_price, set_by, set_at)
                VALUES (?, ?, ?, ?, ?, ?)""", fixed, f -> new Object[] {f[0], f[1], f[2], f[3], FIXED_BY, cutOff});
        return finals;
    }

    /** An expired product as {@link #finalPrices} reads it: its final price if fixed, else the marks at its expiry. */
    private record Expired(
            long id,
            boolean option,
            BigDecimal strike,
            String optionRight,
            BigDecimal finalPrice,
            BigDecimal ownMark,
            BigDecimal underlyingMark) {}

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
    static void close(Connection c, long cycleId) {
        Sql sql = Sql.on(c);
        List<Object[]> closed = sql.list(
                """
                SELECT p.account_id, p.product_id, p.quantity, p.average_price, p.realized_pnl, f.price
                  FROM position p JOIN settlement_price f ON f.product_id = p.product_id
                 WHERE f.cycle_id = ? AND f.source = 'FINAL' AND p.quantity <> 0 FOR UPDATE OF p""",
                row -> {
                    NovatedPosition flat = new NovatedPosition(
                                    row.decimal("quantity"), row.decimal("average_price"), row.decimal("realized_pnl"))
                            .closeAt(row.decimal("price"));
                    return new Object[] {row.longValue("account_id"), row.longValue("product_id"), flat.realizedPnl()};
                },
                cycleId); // {accountId, productId, realized}
        sql.update(
                """
                UPDATE position p SET quantity = 0, average_price = 0, realized_pnl = u.r
                  FROM unnest(?::bigint[], ?::bigint[], ?::numeric[]) AS u(a, pr, r)
                 WHERE p.account_id = u.a AND p.product_id = u.pr""",
                Sql.longs(closed, r -> (Long) r[0]),
                Sql.longs(closed, r -> (Long) r[1]),
                Sql.decimals(closed.stream().map(r -> (BigDecimal) r[2]).toList()));
        sql.update("""
                WITH finals AS (SELECT product_id FROM settlement_price WHERE cycle_id = ? AND source = 'FINAL'),
                gone AS (DELETE FROM settlement_position s USING finals f WHERE s.product_id = f.product_id)
                UPDATE product_final_price pf SET settled_cycle_id = ? FROM finals f
                 WHERE pf.product_id = f.product_id AND pf.settled_cycle_id IS NULL""", cycleId, cycleId);
    }
}
