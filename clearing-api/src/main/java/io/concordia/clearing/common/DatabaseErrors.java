package io.concordia.clearing.common;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/** What a database failure means to a caller: whether the database could not be reached, rather than refused the work. */
public final class DatabaseErrors {

    /**
     * SQLSTATE classes and codes of a database that cannot serve now: 08 (connection exception), 57P01-57P03
     * (administrator shutdown, crash shutdown, cannot connect now), 53300 (too many connections).
     */
    private static final String[] UNAVAILABLE_STATES = {"08", "57P01", "57P02", "57P03", "53300"};

    /**
     * SQLSTATEs of work the database refused for the moment rather than for what it is: 40 (serialization failure,
     * deadlock), 55P03 (lock not available), 57014 (cancelled, a statement timeout).
     */
    private static final String[] MOMENTARY_STATES = {"40", "55P03", "57014"};

    private DatabaseErrors() {}

    /**
     * Whether {@code e}, or a cause of it, says the database is unreachable or refusing connections: the request may
     * succeed if retried later (503), unlike a statement the database refused (a bug, 500).
     *
     * @param e the failure
     * @return whether it is the database being unavailable
     */
    public static boolean unavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientConnectionException
                    || t instanceof SQLNonTransientConnectionException
                    || t.getClass().getName().equals("org.hibernate.exception.JDBCConnectionException")) {
                return true;
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null) {
                    for (String unavailable : UNAVAILABLE_STATES) {
                        if (state.startsWith(unavailable)) {
                            return true;
                        }
                    }
                }
                // the pool's own refusal when no connection comes within its acquisition timeout
                if (sql.getMessage() != null && sql.getMessage().startsWith("Acquisition timeout")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether the same work may well succeed if simply tried again: the database is unavailable ({@link #unavailable}),
     * or it refused the work for the moment (a deadlock, a lock or statement timeout). Anything else (a model that
     * cannot compute the input, a constraint the data breaks) fails again the same way, and must be set aside rather
     * than retried in a loop.
     *
     * @param e the failure
     * @return whether a retry of the same work is worth it
     */
    public static boolean worthRetrying(Throwable e) {
        if (unavailable(e)) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                for (String momentary : MOMENTARY_STATES) {
                    if (sql.getSQLState().startsWith(momentary)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
