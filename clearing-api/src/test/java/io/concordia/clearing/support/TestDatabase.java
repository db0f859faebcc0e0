package io.concordia.clearing.support;

import io.concordia.clearing.embedded.EmbeddedDatabase;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
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
        try (Connection c = connect();
                var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            java.util.List<Object> out = new java.util.ArrayList<>();
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getObject(1));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs a statement (DDL in tests that simulate a failure). */
    public static void execute(String sql) {
        try (Connection c = connect();
                var st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Object single(String sql, Object... args) {
        try (Connection c = connect();
                var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (var rs = st.executeQuery()) {
                return rs.next() ? rs.getObject(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
