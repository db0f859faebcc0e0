package io.concordia.clearing.mark;

import io.concordia.clearing.ingest.SqlArrays;
import io.concordia.clearing.margin.MarginQueue;
import io.concordia.clearing.mark.MarkCalculator.VenuePrice;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The stored marks: recomputed from venue prices, overridden by operators, kept with their history. */
final class MarkBook {

    private MarkBook() {
    }

    /** Recomputes the marks of these products; returns those whose price changed. An operator override stands. */
    static Set<Long> recompute(Connection c, Set<Long> products, Instant now, MarkConfig config) throws SQLException {
        Set<Long> changed = new TreeSet<>();
        if (products.isEmpty()) {
            return changed;
        }
        Map<Long, List<VenuePrice>> prices = new HashMap<>();
        Map<Long, Integer> listings = new HashMap<>();
        try (var st = c.prepareStatement("SELECT product_id, venue_id, price, at FROM venue_price WHERE product_id = ANY(?)")) {
            st.setArray(1, SqlArrays.longs(c, products));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    prices.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>())
                            .add(new VenuePrice(rs.getLong(2), rs.getBigDecimal(3), rs.getTimestamp(4).toInstant()));
                }
            }
        }
        try (var st = c.prepareStatement("SELECT product_id, count(*) FROM venue_instrument WHERE product_id = ANY(?) GROUP BY product_id")) {
            st.setArray(1, SqlArrays.longs(c, products));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    listings.put(rs.getLong(1), rs.getInt(2));
                }
            }
        }
        Map<Long, Object[]> current = new HashMap<>(); // {price, source}
        try (var st = c.prepareStatement("SELECT product_id, price, source FROM mark WHERE product_id = ANY(?) FOR UPDATE")) {
            st.setArray(1, SqlArrays.longs(c, products));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    current.put(rs.getLong(1), new Object[] {rs.getBigDecimal(2), rs.getString(3)});
                }
            }
        }
        for (long product : products) {
            Object[] mark = current.get(product);
            if (mark != null && "OVERRIDE".equals(mark[1])) {
                continue;
            }
            int minSources = Math.max(1, Math.min(config.minSources(), listings.getOrDefault(product, 1)));
            MarkCalculator.Result result = MarkCalculator.compute(prices.getOrDefault(product, List.of()), now, config.maxAge(),
                    config.band(), minSources);
            if (result.mark().isEmpty()) {
                flagStale(c, product, result.sources());
                continue;
            }
            BigDecimal price = result.mark().get();
            boolean moved = mark == null || ((BigDecimal) mark[0]).compareTo(price) != 0;
            write(c, product, price, "HARMONIZED", result.sources(), now, null, moved);
            if (moved) {
                changed.add(product);
            }
        }
        MarginQueue.enqueueHoldersOf(c, changed);
        return changed;
    }

    /** Sets a mark (and its history row when it moved), clearing the stale flag. */
    static void write(Connection c, long product, BigDecimal price, String source, int sources, Instant at, String reason,
            boolean moved) throws SQLException {
        try (var st = c.prepareStatement("""
                INSERT INTO mark (product_id, price, source, stale, sources, updated_at, reason) VALUES (?, ?, ?, false, ?, ?, ?)
                ON CONFLICT (product_id) DO UPDATE SET price = EXCLUDED.price, source = EXCLUDED.source, stale = false,
                       sources = EXCLUDED.sources, updated_at = EXCLUDED.updated_at, reason = EXCLUDED.reason""")) {
            st.setLong(1, product);
            st.setBigDecimal(2, price);
            st.setString(3, source);
            st.setInt(4, sources);
            st.setTimestamp(5, Timestamp.from(at));
            st.setString(6, reason);
            st.executeUpdate();
        }
        if (moved) {
            try (var st = c.prepareStatement("INSERT INTO mark_history (product_id, price, source, sources, at) VALUES (?, ?, ?, ?, ?)")) {
                st.setLong(1, product);
                st.setBigDecimal(2, price);
                st.setString(3, source);
                st.setInt(4, sources);
                st.setTimestamp(5, Timestamp.from(at));
                st.executeUpdate();
            }
        }
    }

    private static void flagStale(Connection c, long product, int sources) throws SQLException {
        try (var st = c.prepareStatement("UPDATE mark SET stale = true, sources = ? WHERE product_id = ? AND source = 'HARMONIZED'")) {
            st.setInt(1, sources);
            st.setLong(2, product);
            st.executeUpdate();
        }
    }
}
