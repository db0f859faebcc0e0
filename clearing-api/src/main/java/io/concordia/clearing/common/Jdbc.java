package io.concordia.clearing.common;

import io.quarkus.narayana.jta.QuarkusTransaction;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Plain JDBC on the current transaction's connection: inside a JTA transaction the data source hands out the
 * connection Hibernate uses too, so SQL here commits or rolls back with everything else. JTA is the service's one
 * transaction mechanism: {@code @Transactional} on a service method, or {@link #inTransaction} on a background
 * thread. A database failure becomes a {@link DatabaseFailure}.
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
     * Work in a transaction of its own, committed when it returns and rolled back when it throws: the same JTA
     * transactions as {@code @Transactional}, begun in code, for work on a background thread or a read that must not
     * join its caller's transaction (a transaction the caller already has is suspended meanwhile).
     */
    public static <T> T inTransaction(DataSource dataSource, Work<T> work) {
        return QuarkusTransaction.requiringNew().call(() -> with(dataSource, work));
    }
}
