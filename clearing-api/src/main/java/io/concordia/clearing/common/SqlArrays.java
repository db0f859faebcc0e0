package io.concordia.clearing.common;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;

/** PostgreSQL arrays for set-based statements ({@code unnest}): one round trip for a whole batch. */
public final class SqlArrays {

    private SqlArrays() {}

    public static Array longs(Connection c, Collection<Long> values) throws SQLException {
        return c.createArrayOf("bigint", values.toArray(Long[]::new));
    }

    public static Array texts(Connection c, Collection<String> values) throws SQLException {
        return c.createArrayOf("text", values.toArray(String[]::new));
    }

    public static Array decimals(Connection c, Collection<BigDecimal> values) throws SQLException {
        return c.createArrayOf("numeric", values.toArray(BigDecimal[]::new));
    }

    public static Array ints(Connection c, Collection<Integer> values) throws SQLException {
        return c.createArrayOf("integer", values.toArray(Integer[]::new));
    }
}
