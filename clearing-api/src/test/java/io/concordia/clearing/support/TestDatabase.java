package io.concordia.clearing.support;

import io.concordia.clearing.embedded.EmbeddedDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Plain JDBC to the test database, for asserting what the database itself holds and refuses. It connects as the
 * role that owns the schema (the application's own role may not create triggers or functions, which some tests do).
 */
public final class TestDatabase {

    static volatile EmbeddedDatabase database;

    private TestDatabase() {}

    public static Connection connect() throws SQLException {
        return database.connect(database.owner());
    }

    /** The same connections as {@link #connect()}, for a library that takes a data source (Flyway). */
    public static DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(database.jdbcUrl());
        dataSource.setUser(database.owner().user());
        dataSource.setPassword(database.owner().password());
        return dataSource;
    }

    public static long count(String sql, Object... args) {
        Object value = single(sql, args);
        return value == null ? 0 : ((Number) value).longValue();
    }

    public static BigDecimal decimal(String sql, Object... args) {
        Object value = single(sql, args);
        return value == null ? BigDecimal.ZERO : (BigDecimal) value;
    }

    /** The first column of every row. */
    public static java.util.List<Object> list(String sql, Object... args) {
        return onKeptConnection(c -> {
            try (var st = prepare(c, sql, args);
                    var rs = st.executeQuery()) {
                java.util.List<Object> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getObject(1));
                }
                return out;
            }
        });
    }

    /** Runs a statement (DDL in tests that simulate a failure). */
    public static void execute(String sql) {
        onKeptConnection(c -> {
            try (var st = c.createStatement()) {
                return st.execute(sql);
            }
        });
    }

    public static Object single(String sql, Object... args) {
        return onKeptConnection(c -> {
            try (var st = prepare(c, sql, args);
                    var rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        });
    }

    /** Every column of the first row, or an empty list. */
    public static java.util.List<Object> row(String sql, Object... args) {
        return onKeptConnection(c -> {
            try (var st = prepare(c, sql, args);
                    var rs = st.executeQuery()) {
                java.util.List<Object> out = new java.util.ArrayList<>();
                if (rs.next()) {
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        out.add(rs.getObject(i));
                    }
                }
                return out;
            }
        });
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement st = c.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
        return st;
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    /**
     * Connections the helpers above keep between calls. Tests poll the database in loops, and opening a connection
     * (a new server process and a password exchange) cost more than the query it ran. Kept connections are in
     * autocommit, so each statement sees what was committed before it, as a fresh connection would; they never
     * prepare on the server (a test may change a table under a kept plan); and one that fails is dropped, as is one
     * that no longer answers (a test may restart the database).
     */
    private static final Deque<Connection> kept = new ConcurrentLinkedDeque<>();

    private static <T> T onKeptConnection(Work<T> work) {
        Connection connection = null;
        boolean healthy = false;
        try {
            connection = kept.pollFirst();
            if (connection != null && !connection.isValid(5)) {
                closeQuietly(connection);
                connection = null;
            }
            if (connection == null) {
                connection = connect();
                connection.unwrap(PGConnection.class).setPrepareThreshold(0);
            }
            T result = work.run(connection);
            healthy = true;
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        } finally {
            if (healthy) {
                kept.offerFirst(connection);
            } else {
                closeQuietly(connection);
            }
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // It is being dropped because it failed; a second failure says nothing new.
        }
    }
}
