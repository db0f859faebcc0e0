package io.concordia.clearing.common;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain JDBC on the current transaction's connection: inside a JTA transaction the data source hands out the
 * connection Hibernate uses too, so SQL here commits or rolls back with everything else. A database failure
 * becomes an {@link DatabaseFailure}: transient, retried by consumers, a 503 for callers.
 */
public final class Jdbc {

    /** Work on a connection. */
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private Jdbc() {}

    public static <T> T with(DataSource dataSource, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }

    /**
     * Work in a transaction of its own on a plain connection, for a caller outside any JTA transaction: committed
     * when it returns, rolled back when it throws. Cheaper than {@code @Transactional} for short reads.
     */
    public static <T> T inTransaction(DataSource dataSource, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new DatabaseFailure(e);
        }
    }
}
