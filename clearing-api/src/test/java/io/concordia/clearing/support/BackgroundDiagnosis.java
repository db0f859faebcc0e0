package io.concordia.clearing.support;

import io.concordia.clearing.common.BackgroundLoop;
import io.concordia.clearing.margin.MarginWorker;
import io.quarkus.arc.Arc;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/**
 * What the application's background work is doing, for the message of a test that timed out waiting for it: the
 * margin loops that fail, the accounts set aside, the queue's depth, and the database sessions that wait for a lock or
 * hold a transaction open. Best effort: a diagnosis never fails a test by itself.
 */
final class BackgroundDiagnosis {

    private BackgroundDiagnosis() {}

    static String describe() {
        List<String> facts = new ArrayList<>();
        try {
            if (Arc.container() != null
                    && Arc.container().instance(MarginWorker.class).isAvailable()) {
                for (BackgroundLoop loop :
                        Arc.container().instance(MarginWorker.class).get().loops()) {
                    if (!loop.alive() || loop.failuresInARow() > 0) {
                        facts.add(loop.name() + (loop.alive() ? "" : " stopped") + " failing " + loop.failuresInARow()
                                + "x: " + loop.lastFailure());
                    }
                }
            }
        } catch (RuntimeException e) {
            facts.add("margin loops unknown: " + e);
        }
        try (Connection c = TestDatabase.connect()) {
            facts.add("margin queue "
                    + single(
                            c,
                            "SELECT count(*) || ' queued, ' || count(*) FILTER (WHERE attempts > 0) "
                                    + "|| ' set aside' FROM margin_queue"));
            String setAside = single(
                    c,
                    "SELECT string_agg(account_id || ': ' || left(last_error, 200), '; ') FROM "
                            + "(SELECT * FROM margin_queue WHERE attempts > 0 ORDER BY account_id LIMIT 3) q");
            if (setAside != null) {
                facts.add("set aside " + setAside);
            }
            String sessions = single(c, """
                    SELECT string_agg(state || coalesce(' waiting on ' || wait_event_type, '') || ' for '
                           || round(extract(epoch FROM now() - xact_start)) || ' s: ' || left(query, 120), '; ')
                      FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
                       AND xact_start < now() - interval '5 seconds'""");
            if (sessions != null) {
                facts.add("long transactions: " + sessions);
            }
        } catch (Exception e) {
            facts.add("database unknown: " + e);
        }
        return facts.isEmpty() ? "" : " (" + String.join(" | ", facts) + ")";
    }

    private static String single(Connection c, String sql) throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
