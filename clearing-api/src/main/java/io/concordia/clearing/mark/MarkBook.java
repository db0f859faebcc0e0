package io.concordia.clearing.mark;

import io.concordia.clearing.common.Sql;
import io.concordia.clearing.margin.MarginQueue;
import io.concordia.clearing.outbox.Outbox;
import io.concordia.margin.mark.MarkCalculator;
import io.concordia.margin.mark.MarkCalculator.Decision;
import io.concordia.margin.mark.MarkCalculator.Held;
import io.concordia.margin.mark.MarkCalculator.Marked;
import io.concordia.margin.mark.MarkCalculator.MoveWindow;
import io.concordia.margin.mark.MarkCalculator.Stale;
import io.concordia.margin.mark.MarkCalculator.VenuePrice;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The stored marks: recomputed from venue prices under the dislocation guard, held for operators, overridden or
 * accepted by them, kept with their history. Every change runs in the caller's transaction.
 */
final class MarkBook {

    /** The topic mark holds and operators' decisions on marks are published to, keyed by product. */
    static final String EVENTS_TOPIC = "mark-events";

    /** A product's stored mark as the guard needs it. */
    private record Current(String product, BigDecimal price, String source, boolean stale, BigDecimal heldPrice) {}

    private MarkBook() {}

    /**
     * Recomputes the marks of these products and queues the holders of every product whose price or flags changed;
     * returns those whose price changed. An operator override stands.
     */
    static Set<Long> recompute(Connection c, Set<Long> products, Instant now, MarkConfig config, Outbox outbox)
            throws SQLException {
        Set<Long> changed = new TreeSet<>();
        if (products.isEmpty()) {
            return changed;
        }
        MarkCalculator.Rules rules = MarkConfig.rules(config);
        Map<Long, Current> current = current(c, products);
        Set<Long> options = new TreeSet<>();
        Map<Long, List<VenuePrice>> prices = venuePrices(c, products, options);
        Map<Long, MoveWindow> windows = windows(c, products, now.minus(config.maxMoveInterval()));
        Set<Long> flagsChanged = new TreeSet<>();
        for (long product : products) {
            Current mark = current.get(product);
            if (mark != null && "OVERRIDE".equals(mark.source())) {
                continue;
            }
            List<VenuePrice> venues = prices.getOrDefault(product, List.of());
            // an option's price moves by multiples of its underlying's move: the band and the sources guard it, its
            // underlying's mark is what the move guard holds
            boolean option = options.contains(product);
            Decision decision = MarkCalculator.DEFAULT.decide(
                    rules,
                    venues,
                    now,
                    mark == null || option ? null : windows.getOrDefault(product, MoveWindow.at(mark.price())));
            if (decision instanceof Marked m) {
                BigDecimal iv = option ? MarkCalculator.DEFAULT.impliedVolatility(rules, venues, now) : null;
                boolean moved = mark == null || mark.price().compareTo(m.price()) != 0;
                write(c, product, m.price(), iv, "HARMONIZED", m.sources(), now, null, moved);
                if (moved) {
                    changed.add(product);
                }
                if (mark != null && (mark.stale() || mark.heldPrice() != null)) {
                    flagsChanged.add(product);
                }
                if (mark != null && mark.heldPrice() != null) {
                    outbox.append(
                            c,
                            EVENTS_TOPIC,
                            mark.product(),
                            "MARK_RELEASED",
                            event(
                                    mark.product(),
                                    m.price(),
                                    null,
                                    m.sources(),
                                    "the venues came back within the band"));
                }
            } else if (decision instanceof Stale s) {
                if (mark != null && !mark.stale()) {
                    flagsChanged.add(product);
                }
                flagStale(c, product, s.sources());
            } else if (decision instanceof Held h) {
                String reason = h.describe(rules, config.maxMoveInterval());
                hold(c, product, h, reason, now);
                if (mark.heldPrice() == null) {
                    flagsChanged.add(product);
                    outbox.append(
                            c,
                            EVENTS_TOPIC,
                            mark.product(),
                            "MARK_HELD",
                            event(mark.product(), mark.price(), h.price(), h.sources(), reason));
                }
            }
        }
        Set<Long> requeue = new TreeSet<>(changed);
        requeue.addAll(flagsChanged);
        MarginQueue.enqueueHoldersOf(c, requeue);
        return changed;
    }

    /**
     * Sets a mark (and its history row when it moved), clearing the stale flag and any hold. OVERRIDE and ACCEPTED
     * marks are operators' decisions: the move window restarts from them.
     */
    static void write(
            Connection c,
            long product,
            BigDecimal price,
            BigDecimal iv,
            String source,
            int sources,
            Instant at,
            String reason,
            boolean moved) {
        Sql sql = Sql.on(c);
        // an option's implied volatility stays as it was when the new mark brings none (an override of the price alone)
        sql.update("""
                INSERT INTO mark (product_id, price, iv, source, stale, sources, updated_at, reason) VALUES (?, ?, ?, ?, false, ?, ?, ?)
                ON CONFLICT (product_id) DO UPDATE SET price = EXCLUDED.price, iv = coalesce(EXCLUDED.iv, mark.iv),
                       source = EXCLUDED.source, stale = false,
                       sources = EXCLUDED.sources, updated_at = EXCLUDED.updated_at, reason = EXCLUDED.reason,
                       held_price = NULL, held_sources = NULL, held_since = NULL, held_reason = NULL""", product, price, iv, source, sources, at, reason);
        if (moved || iv != null) {
            sql.update("""
                    INSERT INTO mark_history (product_id, price, iv, source, sources, at)
                    SELECT ?, ?, iv, ?, ?, ? FROM mark WHERE product_id = ?""", product, price, source, sources, at, product);
        }
    }

    /** An event about a product's mark: the price in force, the held candidate if any, and why. */
    static Map<String, Object> event(
            String product, BigDecimal price, BigDecimal candidate, int sources, String reason) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("product", product);
        e.put("price", price.stripTrailingZeros().toPlainString());
        e.put(
                "heldPrice",
                candidate == null ? null : candidate.stripTrailingZeros().toPlainString());
        e.put("sources", sources);
        e.put("reason", reason);
        return e;
    }

    private static Map<Long, Current> current(Connection c, Set<Long> products) {
        Map<Long, Current> current = new HashMap<>();
        Sql.on(c)
                .list(
                        """
                SELECT m.product_id, p.symbol, m.price, m.source, m.stale, m.held_price
                  FROM mark m JOIN product p ON p.id = m.product_id WHERE m.product_id = ANY(?) FOR UPDATE OF m""",
                        row -> current.put(
                                row.longValue("product_id"),
                                new Current(
                                        row.string("symbol"),
                                        row.decimal("price"),
                                        row.string("source"),
                                        row.bool("stale"),
                                        row.decimal("held_price"))),
                        Sql.longs(products));
        return current;
    }

    /** Each product's venue prices; the options among them (a product no venue prices has no candidate) go to {@code options}. */
    private static Map<Long, List<VenuePrice>> venuePrices(Connection c, Set<Long> products, Set<Long> options) {
        Map<Long, List<VenuePrice>> prices = new HashMap<>();
        Sql.on(c)
                .list(
                        """
                SELECT vp.product_id, vp.venue_id, vp.price, vp.iv, vp.at, p.kind = 'OPTION' AS option
                  FROM venue_price vp JOIN product p ON p.id = vp.product_id WHERE vp.product_id = ANY(?)""",
                        row -> {
                            long product = row.longValue("product_id");
                            if (row.bool("option")) {
                                options.add(product);
                            }
                            VenuePrice price = new VenuePrice(
                                    row.longValue("venue_id"),
                                    row.decimal("price"),
                                    row.decimal("iv"),
                                    row.instant("at"));
                            prices.computeIfAbsent(product, k -> new ArrayList<>())
                                    .add(price);
                            return price;
                        },
                        Sql.longs(products));
        return prices;
    }

    /**
     * The lowest and highest mark in force since {@code since}: the history from the mark in force then, or from the
     * last operator decision (override, acceptance) if that came later.
     */
    private static Map<Long, MoveWindow> windows(Connection c, Set<Long> products, Instant since) {
        Map<Long, MoveWindow> windows = new HashMap<>();
        Sql.on(c)
                .list(
                        """
                WITH start AS (
                  SELECT p.product_id, (SELECT max(b.id) FROM mark_history b
                                         WHERE b.product_id = p.product_id AND (b.at <= ? OR b.source <> 'HARMONIZED')) AS id
                    FROM unnest(?::bigint[]) AS p(product_id))
                SELECT s.product_id, min(h.price) AS low, max(h.price) AS high
                  FROM start s JOIN mark_history h ON h.product_id = s.product_id AND h.id >= coalesce(s.id, 0)
                 GROUP BY s.product_id""",
                        row -> windows.put(
                                row.longValue("product_id"), MoveWindow.of(row.decimal("low"), row.decimal("high"))),
                        since,
                        Sql.longs(products));
        return windows;
    }

    /** Keeps the last good mark and flags it stale; a hold stays for the operator. */
    private static void flagStale(Connection c, long product, int sources) {
        Sql.on(c)
                .update(
                        "UPDATE mark SET stale = true, sources = ? WHERE product_id = ? AND source <> 'OVERRIDE'",
                        sources,
                        product);
    }

    /** Keeps the last good mark and holds the candidate; the hold keeps the time it began. */
    private static void hold(Connection c, long product, Held held, String reason, Instant now) {
        Sql.on(c).update("""
                UPDATE mark SET stale = false, held_price = ?, held_sources = ?, held_reason = ?, held_since = coalesce(held_since, ?)
                 WHERE product_id = ?""", held.price(), held.sources(), reason, now, product);
    }
}
