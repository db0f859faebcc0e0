package io.concordia.clearing.common;

import java.sql.SQLException;

/** A batch that failed for a reason outside the records (database unavailable, deadlock): retried, never dead-lettered. */
public final class DatabaseFailure extends RuntimeException {

    public DatabaseFailure(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
