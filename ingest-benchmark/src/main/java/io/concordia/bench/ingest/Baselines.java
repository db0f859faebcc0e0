package io.concordia.bench.ingest;

import io.concordia.simulator.TradeRecord;
import io.concordia.simulator.VenueSimulator;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/** The two ceilings Concordia's ingestion is compared with: reading the records, and writing the rows. */
final class Baselines {

    /** How many records or rows in how long. */
    record Rate(long count, Duration elapsed) {
        double perSecond() {
            return count / (elapsed.toNanos() / 1e9);
        }
    }

    /** The columns of trade_inbox that ingestion fills (id and received_at take their defaults). */
    static final String INBOX_COLUMNS =
            "venue_id, venue_trade_id, payload_hash, product_id, buyer_account_id, seller_account_id, "
                    + "price, quantity, executed_at, source_topic, source_partition, source_offset";

    private Baselines() {}

    /**
     * A bare consumer with the application's consumer settings (read_committed, 5,000 records a poll, 8 MiB a
     * partition fetch) draining {@code partitions} from the beginning and touching every key and value, nothing else.
     * Timed like the application: from the first records received to the last, less the first poll's records.
     */
    static Rate drain(Map<String, String> connection, Collection<TopicPartition> partitions, long expected) {
        Properties p = new Properties();
        p.putAll(connection);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, "1");
        p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, Integer.toString(8 * 1024 * 1024));
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        long touched = 0;
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long received = 0;
            long first = 0;
            long firstCount = 0;
            long last = 0;
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (received < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "the bare consumer read " + received + " of " + expected + " records in 5 minutes");
                }
                ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (ConsumerRecord<String, byte[]> r : records) {
                    touched += r.key().hashCode() + r.value().length;
                }
                if (!records.isEmpty()) {
                    last = System.nanoTime();
                    if (received == 0) {
                        first = last;
                        firstCount = records.count();
                    }
                    received += records.count();
                }
            }
            if (touched == 42) {
                System.out.print(""); // keeps the touching from being optimised away
            }
            return new Rate(received - firstCount, Duration.ofNanos(last - first));
        }
    }

    /**
     * The trade rows as ingestion writes them to the inbox (same ids, hashes, units and source offsets), rendered in
     * COPY's text format ahead of time so that only the database's work is timed.
     */
    static List<byte[]> inboxRows(
            VenueSimulator simulator,
            TradeStream.Published published,
            Map<String, Long> venueIds,
            long productId,
            Map<String, Long> accountIds) {
        List<byte[]> chunks = new ArrayList<>();
        ByteArrayOutputStream chunk = new ByteArrayOutputStream(4 << 20);
        HexFormat hex = HexFormat.of();
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        int i = 0;
        StringBuilder row = new StringBuilder(320);
        for (Iterator<TradeRecord> it = simulator.trades().iterator(); it.hasNext(); i++) {
            TradeRecord t = it.next();
            String canonical = String.join(
                    "|",
                    t.venue(),
                    t.tradeId(),
                    t.symbol(),
                    t.price().toPlainString(),
                    t.quantity().toPlainString(),
                    t.buyer(),
                    t.seller(),
                    t.executedAt().toString());
            BigDecimal units = t.quantity()
                    .multiply(TradeStream.venue(t.venue()).contractSize())
                    .stripTrailingZeros();
            row.setLength(0);
            row.append(venueIds.get(t.venue()))
                    .append('\t')
                    .append(t.tradeId())
                    .append('\t')
                    .append("\\\\x")
                    .append(hex.formatHex(sha.digest(canonical.getBytes(StandardCharsets.UTF_8))))
                    .append('\t')
                    .append(productId)
                    .append('\t')
                    .append(accountIds.get(t.buyer()))
                    .append('\t')
                    .append(accountIds.get(t.seller()))
                    .append('\t')
                    .append(t.price().toPlainString())
                    .append('\t')
                    .append(units.toPlainString())
                    .append('\t')
                    .append(t.executedAt())
                    .append('\t')
                    .append(t.topic())
                    .append('\t')
                    .append(published.partition()[i])
                    .append('\t')
                    .append(published.offset()[i])
                    .append('\n');
            chunk.writeBytes(row.toString().getBytes(StandardCharsets.UTF_8));
            if (chunk.size() > (4 << 20) - 1024) {
                chunks.add(chunk.toByteArray());
                chunk.reset();
            }
        }
        chunks.add(chunk.toByteArray());
        return chunks;
    }

    /** One COPY of all rows into {@code table} in one transaction, commit included. */
    static Rate copy(Connection c, String table, List<byte[]> rows, long count) throws SQLException {
        c.setAutoCommit(true);
        long start = System.nanoTime();
        CopyIn copy = c.unwrap(PGConnection.class)
                .getCopyAPI()
                .copyIn("COPY " + table + " (" + INBOX_COLUMNS + ") FROM STDIN");
        for (byte[] chunk : rows) {
            copy.writeToCopy(chunk, 0, chunk.length);
        }
        long copied = copy.endCopy();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        if (copied != count) {
            throw new IllegalStateException("COPY wrote " + copied + " rows, not " + count);
        }
        return new Rate(copied, elapsed);
    }
}
