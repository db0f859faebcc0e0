package io.concordia.clearing.ingest;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeSet;

/** Reference data a batch needs, read once per batch with set-based queries. */
public final class ReferenceLookup {

    /** A venue instrument: its harmonized product and the product units in one venue contract. */
    public record Instrument(long productId, BigDecimal contractSize) {
    }

    private ReferenceLookup() {
    }

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
        try (var st = c.prepareStatement("SELECT venue_id, symbol, product_id, contract_size FROM venue_instrument WHERE venue_id = ANY(?)")) {
            st.setArray(1, SqlArrays.longs(c, venueIds));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    instruments.put(instrumentKey(rs.getLong(1), rs.getString(2)), new Instrument(rs.getLong(3), rs.getBigDecimal(4)));
                }
            }
        }
        return instruments;
    }

    public static String instrumentKey(long venueId, String symbol) {
        return venueId + "/" + symbol;
    }
}
