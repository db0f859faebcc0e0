package io.concordia.clearing.common;

import java.sql.SQLException;

/**
 * A statement the database did not carry out, unchecked so that callers need no {@code catch} of their own. What it
 * means is read from its cause by {@link DatabaseErrors}: unavailable (a 503, retried by consumers), momentary (a
 * deadlock, retried), or refused for what the statement is (a constraint, a bug: never retried in a loop).
 */
public final class DatabaseFailure extends RuntimeException {

    /** SQLSTATE of a unique or exclusion constraint violation. */
    public static final String UNIQUE_VIOLATION = "23505";

    public DatabaseFailure(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    /** The SQLSTATE the database answered, or null when the failure came from the driver alone. */
    public String sqlState() {
        return ((SQLException) getCause()).getSQLState();
    }

    /** Whether the statement broke a unique constraint, such as a reference booked before. */
    public boolean uniqueViolation() {
        return UNIQUE_VIOLATION.equals(sqlState());
    }
}
