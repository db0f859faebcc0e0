package io.concordia.clearing.common.kafka;

import io.concordia.clearing.common.Row;
import io.concordia.clearing.common.Sql;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The consumer offsets kept in PostgreSQL, read and advanced inside a batch's own transaction. Kafka's committed
 * offsets are only advisory: on assignment the consumer seeks to what is stored here.
 *
 * <p>Topics, partitions and offsets go as primitive arrays, which {@link Sql} hands to the driver as they are and the
 * driver sends in binary: this runs twice per poll batch on every ingest path.
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
            super(
                    "offset of " + p + " moved from " + expected + " to " + found + " by another consumer",
                    null,
                    false,
                    false);
        }
    }

    /**
     * A batch's claim on its partitions: the records not applied yet (in poll order), how many were skipped as
     * already applied, and the offsets to move from {@code stored} to {@code next} when the batch commits.
     */
    public record Claim(
            List<IngestRecord> fresh, int skipped, Map<Partition, Long> stored, Map<Partition, Long> next) {}

    private ConsumerOffsets() {}

    /** Locks the batch's partitions (see {@link #lock}) and drops the records below their stored offsets. */
    public static Claim claim(Connection c, String group, List<IngestRecord> records) {
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
    public static void commit(Connection c, String group, Claim claim) {
        advance(c, group, claim.stored(), claim.next());
    }

    /**
     * Locks and returns the stored next offset of each partition (0 where none is stored). A concurrent batch of
     * another instance on the same partition waits here until this transaction ends, then sees its effect. Two
     * statements whatever the number of partitions; rows are locked in one order (topic, partition) by every instance.
     */
    public static Map<Partition, Long> lock(Connection c, String group, List<IngestRecord> records) {
        TreeSet<Partition> partitions = new TreeSet<>();
        for (IngestRecord r : records) {
            partitions.add(new Partition(r.topic(), r.partition()));
        }
        String[] topics = new String[partitions.size()];
        int[] numbers = new int[partitions.size()];
        int i = 0;
        for (Partition p : partitions) {
            topics[i] = p.topic();
            numbers[i++] = p.partition();
        }
        Sql sql = Sql.on(c);
        sql.update("""
                INSERT INTO consumer_offset (consumer_group, topic, kafka_partition, next_offset)
                SELECT ?, t, p, 0 FROM unnest(?::text[], ?::int[]) AS u(t, p)
                ON CONFLICT DO NOTHING""", group, topics, numbers);
        Map<Partition, Long> stored = new HashMap<>();
        sql.list("""
                SELECT o.topic, o.kafka_partition, o.next_offset FROM consumer_offset o
                  JOIN unnest(?::text[], ?::int[]) AS u(t, p) ON o.topic = u.t AND o.kafka_partition = u.p
                 WHERE o.consumer_group = ?
                 ORDER BY o.topic COLLATE "C", o.kafka_partition
                   FOR UPDATE OF o""", ConsumerOffsets::storedOffset, topics, numbers, group)
                .forEach(o -> stored.put(o.partition(), o.next()));
        if (stored.size() != partitions.size()) {
            throw new IllegalStateException("offsets of " + partitions + " not all stored: " + stored);
        }
        return stored;
    }

    /** Compare-and-set: moves each partition from the offset read by {@link #lock} to its new next offset, in one statement. */
    public static void advance(Connection c, String group, Map<Partition, Long> expected, Map<Partition, Long> next) {
        if (next.isEmpty()) {
            return;
        }
        int n = next.size();
        String[] topics = new String[n];
        int[] numbers = new int[n];
        long[] nextOffsets = new long[n];
        long[] expectedOffsets = new long[n];
        int i = 0;
        for (var e : new java.util.TreeMap<>(next).entrySet()) {
            topics[i] = e.getKey().topic();
            numbers[i] = e.getKey().partition();
            nextOffsets[i] = e.getValue();
            expectedOffsets[i++] = expected.get(e.getKey());
        }
        java.util.Set<Partition> moved = new java.util.HashSet<>(
                Sql.on(c).list("""
                UPDATE consumer_offset o SET next_offset = u.n, updated_at = now()
                  FROM unnest(?::text[], ?::int[], ?::bigint[], ?::bigint[]) AS u(t, p, n, e)
                 WHERE o.consumer_group = ? AND o.topic = u.t AND o.kafka_partition = u.p AND o.next_offset = u.e
                RETURNING o.topic, o.kafka_partition""", ConsumerOffsets::partition, topics, numbers, nextOffsets, expectedOffsets, group));
        for (Partition p : next.keySet()) {
            if (!moved.contains(p)) {
                throw new PartitionLost(p, expected.get(p), -1);
            }
        }
    }

    /** The stored next offsets of a group, for seeking on assignment. */
    public static Map<Partition, Long> stored(Connection c, String group) {
        Map<Partition, Long> stored = new HashMap<>();
        Sql.on(c)
                .list(
                        "SELECT topic, kafka_partition, next_offset FROM consumer_offset WHERE consumer_group = ?",
                        ConsumerOffsets::storedOffset,
                        group)
                .forEach(o -> stored.put(o.partition(), o.next()));
        return stored;
    }

    /** A partition's stored next offset. */
    private record StoredOffset(Partition partition, long next) {}

    /** A row's {@code topic} and {@code kafka_partition}. */
    private static Partition partition(Row row) throws SQLException {
        return new Partition(row.string("topic"), row.intValue("kafka_partition"));
    }

    private static StoredOffset storedOffset(Row row) throws SQLException {
        return new StoredOffset(partition(row), row.longValue("next_offset"));
    }
}
