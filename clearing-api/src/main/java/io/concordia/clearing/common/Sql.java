package io.concordia.clearing.common;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one way the service's write-heavy paths speak SQL: a statement with positional {@code ?} parameters bound by
 * their Java type, rows read by column name through a {@link RowMapper}, and every {@link SQLException} turned into a
 * {@link DatabaseFailure} in one place, so no caller writes a {@code try}/{@code catch} of its own.
 *
 * <p>It runs on the connection it is given: inside a transaction that is the transaction's connection, so what it
 * writes commits or rolls back with everything else ({@link Jdbc}). It adds nothing between the statement and
 * PostgreSQL: no caching, no mapping by reflection, no generated SQL (beyond {@link KeyIn}'s choice of two forms).
 *
 * <p>Parameters: {@code null} (where PostgreSQL cannot infer the type, as in {@code ? IS NULL}, use {@link #nullOf}
 * or a cast in the SQL),
 * {@link String}, {@link Long}, {@link Integer}, {@link Short}, {@link Boolean}, {@link BigDecimal}, {@link Instant}
 * (a {@code timestamptz}), {@link LocalDate}, an {@link Enum} (its name), {@code byte[]}, an array built with
 * {@link #longs}, {@link #texts}, {@link #decimals} or {@link #ints}; anything else goes to {@code setObject}, which is
 * how the ingest path hands the driver {@code long[]}, {@code int[]} and {@code String[]} it sends in binary. A Java
 * object array passed as the only parameter would be spread by varargs: wrap it with one of the array builders.
 */
public final class Sql {

    /** Reads one row into a value. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(Row row) throws SQLException;
    }

    /** Binds one item of a batch: the statement's parameters, in order. */
    @FunctionalInterface
    public interface Parameters<T> {
        Object[] of(T item);
    }

    /** A null of a named SQL type, for statements where PostgreSQL cannot infer the parameter's type. */
    public record TypedNull(int sqlType) {}

    /** A PostgreSQL array parameter ({@code = ANY (?)}, {@code unnest(?)}): one round trip for a whole set. */
    public record ArrayParameter(String elementType, Object[] elements) {}

    /**
     * The condition that a column holds one of a set of ids, with its one parameter: {@code column = ?} for a single
     * id, {@code column = ANY (?)} for several.
     *
     * <p>Why two forms: PostgreSQL plans a prepared statement with an array parameter afresh at every execution (the
     * generic plan's estimate for an array of unknown length never beats the custom plans'), and for a read of one
     * account the planning costs several times the execution; with a scalar it keeps the generic plan after five
     * executions. The hot single-account reads (what-if, a queued account's margin) take the first form.
     */
    public record KeyIn(String condition, Object parameter) {

        public static KeyIn of(String column, Collection<Long> ids) {
            return ids.size() == 1
                    ? new KeyIn(column + " = ?", ids.iterator().next())
                    : new KeyIn(column + " = ANY (?)", longs(ids));
        }
    }

    private final Connection connection;

    private Sql(Connection connection) {
        this.connection = connection;
    }

    /** SQL on this connection. */
    public static Sql on(Connection connection) {
        return new Sql(connection);
    }

    public Connection connection() {
        return connection;
    }

    /** Every row, mapped, in the order the statement gives them. */
    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... parameters) {
        return listInChunks(sql, 0, mapper, parameters);
    }

    /**
     * Every row of a large read, fetched in chunks of {@code fetchSize} rather than all at once (PostgreSQL streams
     * only inside a transaction); 0 fetches all at once.
     */
    public <T> List<T> listInChunks(String sql, int fetchSize, RowMapper<T> mapper, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            statement.setFetchSize(fetchSize);
            try (ResultSet rs = statement.executeQuery()) {
                Row row = new Row(rs);
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(row));
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** The first row, if there is one. */
    public <T> Optional<T> first(String sql, RowMapper<T> mapper, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters);
                ResultSet rs = statement.executeQuery()) {
            return rs.next() ? Optional.ofNullable(mapper.map(new Row(rs))) : Optional.empty();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * The row a statement always returns (an aggregate, {@code INSERT ... RETURNING}, a function call).
     *
     * @throws IllegalStateException when it returned none: a bug in the statement, not a state of the data
     */
    public <T> T one(String sql, RowMapper<T> mapper, Object... parameters) {
        return first(sql, mapper, parameters)
                .orElseThrow(() -> new IllegalStateException("no row from: " + Text.printable(sql)));
    }

    /** Runs an {@code INSERT}, {@code UPDATE}, {@code DELETE} or DDL statement. @return the rows it changed */
    public int update(String sql, Object... parameters) {
        try (PreparedStatement statement = prepare(sql, parameters)) {
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /** Runs one statement for each item, sent as one JDBC batch. @return the rows each changed */
    public <T> int[] batch(String sql, Collection<T> items, Parameters<T> parameters) {
        if (items.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (T item : items) {
                bind(statement, parameters.of(item));
                statement.addBatch();
            }
            return statement.executeBatch();
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    public static TypedNull nullOf(int sqlType) {
        return new TypedNull(sqlType);
    }

    public static ArrayParameter longs(Collection<Long> values) {
        return new ArrayParameter("bigint", values.toArray(Long[]::new));
    }

    public static ArrayParameter texts(Collection<String> values) {
        return new ArrayParameter("text", values.toArray(String[]::new));
    }

    public static ArrayParameter decimals(Collection<BigDecimal> values) {
        return new ArrayParameter("numeric", values.toArray(BigDecimal[]::new));
    }

    public static ArrayParameter ints(Collection<Integer> values) {
        return new ArrayParameter("integer", values.toArray(Integer[]::new));
    }

    /** An array of one field of each item. */
    public static <T> ArrayParameter longs(Collection<T> items, Function<T, Long> field) {
        return longs(items.stream().map(field).toList());
    }

    private PreparedStatement prepare(String sql, Object[] parameters) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            bind(statement, parameters);
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    private void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            bind(statement, i + 1, parameters[i]);
        }
    }

    private void bind(PreparedStatement statement, int index, Object value) throws SQLException {
        if (value == null) {
            statement.setObject(index, null);
        } else if (value instanceof TypedNull typed) {
            statement.setNull(index, typed.sqlType());
        } else if (value instanceof String s) {
            statement.setString(index, s);
        } else if (value instanceof Long l) {
            statement.setLong(index, l);
        } else if (value instanceof Integer n) {
            statement.setInt(index, n);
        } else if (value instanceof Short n) {
            statement.setShort(index, n);
        } else if (value instanceof Boolean b) {
            statement.setBoolean(index, b);
        } else if (value instanceof BigDecimal d) {
            statement.setBigDecimal(index, d);
        } else if (value instanceof Instant t) {
            statement.setTimestamp(index, Timestamp.from(t));
        } else if (value instanceof LocalDate d) {
            statement.setObject(index, d);
        } else if (value instanceof Enum<?> e) {
            statement.setString(index, e.name());
        } else if (value instanceof byte[] bytes) {
            statement.setBytes(index, bytes);
        } else if (value instanceof ArrayParameter array) {
            Array sqlArray = connection.createArrayOf(array.elementType(), array.elements());
            statement.setArray(index, sqlArray);
        } else {
            statement.setObject(index, value);
        }
    }
}
