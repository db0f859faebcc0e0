package io.concordia.bench.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What PostgreSQL says about the application's commits: each inbox row was written by its batch's transaction,
 * whose commit time {@code pg_xact_commit_timestamp} knows ({@code track_commit_timestamp = on}). A batch's
 * positions are updated in that same transaction.
 */
final class Commits {

    /** One committed batch: when, and how many trades it applied. */
    record Batch(long commitMicros, long trades) {}

    /** The throughput of a run, from its batches. */
    record Throughput(long trades, int batches, Duration firstToLast, double perSecond, double steadyPerSecond) {}

    private Commits() {}

    /** The batches that applied trades with ids starting {@code prefix}, in commit order. */
    static List<Batch> batches(Connection c, String prefix) throws SQLException {
        return transactions(c, "trade_inbox WHERE venue_trade_id LIKE ?", prefix + "%");
    }

    /** The transactions that wrote the rows {@code table} holds, in commit order (the peer baseline's tables). */
    static List<Batch> tableBatches(Connection c, String table) throws SQLException {
        return transactions(c, table);
    }

    private static List<Batch> transactions(Connection c, String rows, String... parameters) throws SQLException {
        List<Batch> batches = new ArrayList<>();
        try (var st = c.prepareStatement("""
                SELECT (extract(epoch FROM ct) * 1000000)::bigint, n FROM (
                    SELECT pg_xact_commit_timestamp(xmin) AS ct, count(*) AS n FROM %s GROUP BY 1) x ORDER BY 1""".formatted(rows))) {
            for (int i = 0; i < parameters.length; i++) {
                st.setString(i + 1, parameters[i]);
            }
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    batches.add(new Batch(rs.getLong(1), rs.getLong(2)));
                }
            }
        }
        return batches;
    }

    /**
     * Trades per second from the first commit to the last, not counting the first batch (its work started before
     * the clock did); and the same over the last 90 % of the trades, once the JIT has warmed up.
     */
    static Throughput throughput(List<Batch> batches) {
        long total = batches.stream().mapToLong(Batch::trades).sum();
        Batch first = batches.get(0);
        Batch last = batches.get(batches.size() - 1);
        double seconds = (last.commitMicros() - first.commitMicros()) / 1e6;
        long cumulative = 0;
        int warm = 0;
        while (warm < batches.size() - 1 && (cumulative += batches.get(warm).trades()) < total / 10) {
            warm++;
        }
        double steadySeconds = (last.commitMicros() - batches.get(warm).commitMicros()) / 1e6;
        return new Throughput(
                total,
                batches.size(),
                Duration.ofMillis(Math.round(seconds * 1000)),
                (total - first.trades()) / seconds,
                (total - cumulative) / steadySeconds);
    }

    /** Commit time of each trade with ids starting {@code prefix}, in microseconds since the epoch, by venue/tradeId. */
    static Map<String, Long> commitMicros(Connection c, String prefix) throws SQLException {
        Map<String, Long> commits = new HashMap<>();
        try (var st = c.prepareStatement("""
                SELECT v.code, i.venue_trade_id, (extract(epoch FROM pg_xact_commit_timestamp(i.xmin)) * 1000000)::bigint
                  FROM trade_inbox i JOIN venue v ON v.id = i.venue_id WHERE i.venue_trade_id LIKE ?""")) {
            st.setString(1, prefix + "%");
            st.setFetchSize(10_000);
            c.setAutoCommit(false);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    commits.put(rs.getString(1) + "/" + rs.getString(2), rs.getLong(3));
                }
            } finally {
                c.setAutoCommit(true);
            }
        }
        return commits;
    }
}
