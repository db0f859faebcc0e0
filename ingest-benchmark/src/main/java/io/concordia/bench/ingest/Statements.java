package io.concordia.bench.ingest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;

/**
 * PostgreSQL's own account of a run, from pg_stat_statements: which statements took the database's time. A
 * statement's time includes what it waited for (a lock another transaction held), so a statement that is cheap on its
 * own but high on this list is waiting.
 */
final class Statements {

    private Statements() {}

    /** Creates the extension if needed and forgets what was counted so far. */
    static void reset(String jdbcUrl) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, "postgres", "");
                var st = c.createStatement()) {
            st.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
            st.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** The {@code n} statements that took the most time since the reset, one a line. */
    static String top(Connection c, int n) throws SQLException {
        StringBuilder out = new StringBuilder(String.format(
                Locale.ROOT, "%10s %8s %10s  %s%n", "total ms", "calls", "rows", "statement (nested ones marked *)"));
        try (var st = c.prepareStatement("""
                SELECT total_exec_time, calls, rows, toplevel, regexp_replace(query, '\\s+', ' ', 'g') AS query
                  FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT ?""")) {
            st.setInt(1, n);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    String query = rs.getString("query");
                    out.append(String.format(
                            Locale.ROOT,
                            "%,10.0f %,8d %,10d  %s%s%n",
                            rs.getDouble("total_exec_time"),
                            rs.getLong("calls"),
                            rs.getLong("rows"),
                            rs.getBoolean("toplevel") ? "" : "* ",
                            query.length() > 140 ? query.substring(0, 140) + "..." : query));
                }
            }
        }
        return out.toString();
    }
}
