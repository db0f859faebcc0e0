package io.concordia.clearing.refdata;

import io.concordia.clearing.common.Sql;
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
        Sql.on(c)
                .list(
                        "SELECT code, id FROM venue WHERE code = ANY(?)",
                        row -> Map.entry(row.string("code"), row.longValue("id")),
                        Sql.texts(new TreeSet<>(codes)))
                .forEach(venue -> venues.put(venue.getKey(), venue.getValue()));
        return venues;
    }

    /** The instruments of these venues, by {@link #instrumentKey}. */
    public static Map<String, Instrument> instruments(Connection c, Collection<Long> venueIds) throws SQLException {
        Map<String, Instrument> instruments = new HashMap<>();
        if (venueIds.isEmpty()) {
            return instruments;
        }
        Sql.on(c)
                .list(
                        """
                        SELECT vi.venue_id, vi.symbol, vi.product_id, vi.contract_size, p.kind = 'OPTION' AS option,
                               p.expires_at, f.settled_cycle_id IS NOT NULL AS settled
                          FROM venue_instrument vi JOIN product p ON p.id = vi.product_id
                          LEFT JOIN product_final_price f ON f.product_id = p.id
                         WHERE vi.venue_id = ANY(?)""",
                        row -> Map.entry(
                                instrumentKey(row.longValue("venue_id"), row.string("symbol")),
                                new Instrument(
                                        row.longValue("product_id"),
                                        row.decimal("contract_size"),
                                        row.bool("option"),
                                        row.instant("expires_at"),
                                        row.bool("settled"))),
                        Sql.longs(venueIds))
                .forEach(instrument -> instruments.put(instrument.getKey(), instrument.getValue()));
        return instruments;
    }

    public static String instrumentKey(long venueId, String symbol) {
        return venueId + "/" + symbol;
    }
}
