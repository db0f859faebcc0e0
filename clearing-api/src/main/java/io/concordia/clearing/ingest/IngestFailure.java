package io.concordia.clearing.ingest;

import java.sql.SQLException;

/** A batch that failed for a reason outside the records (database unavailable, deadlock): retried, never dead-lettered. */
public final class IngestFailure extends RuntimeException {

    public IngestFailure(SQLException cause) {
        super(cause.getMessage(), cause);
    }
}
