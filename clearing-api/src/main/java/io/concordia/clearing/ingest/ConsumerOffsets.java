package io.concordia.clearing.ingest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The consumer offsets kept in PostgreSQL, read and advanced inside a batch's own transaction. Kafka's committed
 * offsets are only advisory: on assignment the consumer seeks to what is stored here.
 */
public final class ConsumerOffsets {

    /** A topic partition, ordered so that locks are always taken in the same order. */
    public record Partition(String topic, int partition) implements Comparable<Partition> {
        @Override
        public int compareTo(Partition o) {
            int c = topic.compareTo(o.topic);
            return c != 0 ? c : Integer.compare(partition, o.partition);
        }
    }

    /** Thrown when another instance moved a partition's offset: this batch belongs to it now. */
    public static final class PartitionLost extends RuntimeException {
        PartitionLost(Partition p, long expected, long found) {
            super("offset of " + p + " moved from " + expected + " to " + found + " by another consumer", null, false, false);
        }
    }

    /**
     * A batch's claim on its partitions: the records not applied yet (in poll order), how many were skipped as
     * already applied, and the offsets to move from {@code stored} to {@code next} when the batch commits.
     */
    public record Claim(List<IngestRecord> fresh, int skipped, Map<Partition, Long> stored, Map<Partition, Long> next) {
    }

    private ConsumerOffsets() {
    }

    /** Locks the batch's partitions (see {@link #lock}) and drops the records below their stored offsets. */
    public static Claim claim(Connection c, String group, List<IngestRecord> records) throws SQLException {
        Map<Partition, Long> stored = lock(c, group, records);
        Map<Partition, Long> next = new HashMap<>();
        List<IngestRecord> fresh = new java.util.ArrayList<>(records.size());
        for (IngestRecord r : records) {
            Partition p = new Partition(r.topic(), r.partition());
            if (r.offset() >= stored.get(p)) {
                fresh.add(r);
                next.merge(p, r.offset() + 1, Math::max);
            }
        }
        return new Claim(fresh, records.size() - fresh.size(), stored, next);
    }

    /** Advances the claimed partitions with compare-and-set (see {@link #advance}). */
    public static void commit(Connection c, String group, Claim claim) throws SQLException {
        advance(c, group, claim.stored(), claim.next());
    }

    /**
     * Locks and returns the stored next offset of each partition (0 where none is stored). A concurrent batch of
     * another instance on the same partition waits here until this transaction ends, then sees its effect.
     */
    public static Map<Partition, Long> lock(Connection c, String group, List<IngestRecord> records) throws SQLException {
        TreeSet<Partition> partitions = new TreeSet<>();
        for (IngestRecord r : records) {
            partitions.add(new Partition(r.topic(), r.partition()));
        }
        Map<Partition, Long> stored = new HashMap<>();
        try (var insert = c.prepareStatement("""
                INSERT INTO consumer_offset (consumer_group, topic, kafka_partition, next_offset) VALUES (?, ?, ?, 0)
                ON CONFLICT DO NOTHING""");
                var select = c.prepareStatement("""
                SELECT next_offset FROM consumer_offset WHERE consumer_group = ? AND topic = ? AND kafka_partition = ? FOR UPDATE""")) {
            for (Partition p : partitions) {
                insert.setString(1, group);
                insert.setString(2, p.topic());
                insert.setInt(3, p.partition());
                insert.executeUpdate();
                select.setString(1, group);
                select.setString(2, p.topic());
                select.setInt(3, p.partition());
                try (var rs = select.executeQuery()) {
                    rs.next();
                    stored.put(p, rs.getLong(1));
                }
            }
        }
        return stored;
    }

    /** Compare-and-set: moves each partition from the offset read by {@link #lock} to its new next offset. */
    public static void advance(Connection c, String group, Map<Partition, Long> expected, Map<Partition, Long> next)
            throws SQLException {
        try (var update = c.prepareStatement("""
                UPDATE consumer_offset SET next_offset = ?, updated_at = now()
                 WHERE consumer_group = ? AND topic = ? AND kafka_partition = ? AND next_offset = ?""")) {
            for (var e : new java.util.TreeMap<>(next).entrySet()) {
                Partition p = e.getKey();
                update.setLong(1, e.getValue());
                update.setString(2, group);
                update.setString(3, p.topic());
                update.setInt(4, p.partition());
                update.setLong(5, expected.get(p));
                if (update.executeUpdate() != 1) {
                    throw new PartitionLost(p, expected.get(p), -1);
                }
            }
        }
    }

    /** The stored next offsets of a group, for seeking on assignment. */
    public static Map<Partition, Long> stored(Connection c, String group) throws SQLException {
        Map<Partition, Long> stored = new HashMap<>();
        try (var st = c.prepareStatement("SELECT topic, kafka_partition, next_offset FROM consumer_offset WHERE consumer_group = ?")) {
            st.setString(1, group);
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    stored.put(new Partition(rs.getString(1), rs.getInt(2)), rs.getLong(3));
                }
            }
        }
        return stored;
    }
}
