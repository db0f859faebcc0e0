package io.concordia.clearing.common;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/**
 * The current row of a result, read by column name (the label a {@code SELECT} gives it: alias joined columns that
 * share a name). Nullable columns have their own readers, so a SQL {@code NULL} is never read as 0 or false.
 */
public final class Row {

    private final ResultSet rs;

    Row(ResultSet rs) {
        this.rs = rs;
    }

    public String string(String column) throws SQLException {
        return rs.getString(column);
    }

    public long longValue(String column) throws SQLException {
        return rs.getLong(column);
    }

    public Long nullableLong(String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    public int intValue(String column) throws SQLException {
        return rs.getInt(column);
    }

    public Integer nullableInt(String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    public boolean bool(String column) throws SQLException {
        return rs.getBoolean(column);
    }

    public Boolean nullableBool(String column) throws SQLException {
        boolean value = rs.getBoolean(column);
        return rs.wasNull() ? null : value;
    }

    public double doubleValue(String column) throws SQLException {
        return rs.getDouble(column);
    }

    public BigDecimal decimal(String column) throws SQLException {
        return rs.getBigDecimal(column);
    }

    /** A {@code timestamptz}, or null. */
    public Instant instant(String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    public LocalDate date(String column) throws SQLException {
        return rs.getObject(column, LocalDate.class);
    }

    public byte[] bytes(String column) throws SQLException {
        return rs.getBytes(column);
    }

    /** A text column holding an enum constant's name, or null. */
    public <E extends Enum<E>> E enumValue(String column, Class<E> type) throws SQLException {
        String value = rs.getString(column);
        return value == null ? null : Enum.valueOf(type, value);
    }

    /** A {@code bigint[]} column; empty when NULL. */
    public List<Long> longs(String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((Long[]) array.getArray());
    }

    /** A {@code text[]} column; empty when NULL. */
    public List<String> texts(String column) throws SQLException {
        Array array = rs.getArray(column);
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    /** Any other column, as the driver gives it. */
    public Object object(String column) throws SQLException {
        return rs.getObject(column);
    }
}
