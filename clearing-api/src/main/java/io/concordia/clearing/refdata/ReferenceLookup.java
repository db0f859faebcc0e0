package io.concordia.clearing.refdata;

import io.concordia.clearing.common.SqlArrays;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** Reference data a batch needs, read once per batch with set-based queries. */
public final class ReferenceLookup {

    /**
     * A venue instrument: its harmonized product, the product units in one venue contract, whether the product is an
     * option, when it expires ({@code null}: never) and whether a settlement cycle has settled it at its final price.
     */
    public record Instrument(
            long productId, BigDecimal contractSize, boolean option, Instant expiresAt, boolean finallySettled) {

        /**
         * Why a record of the venue at {@code at} is refused for the product's expiry, or {@code null}: nothing trades or
         * is priced from the instant it expires, and nothing at all once its final settlement has closed it.
         */
        public String expired(Instant at) {
            if (finallySettled) {
                return "the product expired at " + expiresAt + " and is settled at its final price";
            }
            if (expiresAt != null && !at.isBefore(expiresAt)) {
                return "the product expired at " + expiresAt + ", before " + at;
            }
            return null;
        }
    }

    private ReferenceLookup() {}

    public static Map<String, Long> venueIds(Connection c, Collection<String> codes) throws SQLException {
        Map<String, Long> venues = new HashMap<>();
        try (var st = c.prepareStatement("SELECT code, id FROM venue WHERE code = ANY(?)")) {
            st.setArray(1, SqlArrays.texts(c, new TreeSet<>(codes)));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    venues.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return venues;
    }

    /** The instruments of these venues, by {@link #instrumentKey}. */
    public static Map<String, Instrument> instruments(Connection c, Collection<Long> venueIds) throws SQLException {
        Map<String, Instrument> instruments = new HashMap<>();
        if (venueIds.isEmpty()) {
            return instruments;
        }
        try (var st = c.prepareStatement("""
                SELECT vi.venue_id, vi.symbol, vi.product_id, vi.contract_size, p.kind = 'OPTION', p.expires_at,
                       f.settled_cycle_id IS NOT NULL
                  FROM venue_instrument vi JOIN product p ON p.id = vi.product_id
                  LEFT JOIN product_final_price f ON f.product_id = p.id
                 WHERE vi.venue_id = ANY(?)""")) {
            st.setArray(1, SqlArrays.longs(c, venueIds));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    java.sql.Timestamp expires = rs.getTimestamp(6);
                    instruments.put(
                            instrumentKey(rs.getLong(1), rs.getString(2)),
                            new Instrument(
                                    rs.getLong(3),
                                    rs.getBigDecimal(4),
                                    rs.getBoolean(5),
                                    expires == null ? null : expires.toInstant(),
                                    rs.getBoolean(7)));
                }
            }
        }
        return instruments;
    }

    public static String instrumentKey(long venueId, String symbol) {
        return venueId + "/" + symbol;
    }
}
