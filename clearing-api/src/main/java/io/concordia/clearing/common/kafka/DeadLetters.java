package io.concordia.clearing.common.kafka;

import io.concordia.clearing.common.Sql;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.List;

/** Writes dead-letter rows in a batch's transaction. */
public final class DeadLetters {

    /** A record that failed, and why. */
    public record Failed(IngestRecord record, RecordRejected rejection) {}

    /** Payloads are kept for inspection and replay, up to this many characters. */
    static final int MAX_PAYLOAD = 64 * 1024;

    private DeadLetters() {}

    public static void insert(Connection c, List<Failed> failed) {
        Sql.on(c).batch("""
                INSERT INTO dead_letter (source_topic, source_partition, source_offset, record_key, payload, reason, detail)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", failed, f -> new Object[] {
            f.record().topic(),
            f.record().partition(),
            f.record().offset(),
            storable(f.record().key()),
            payloadText(f.record().value()),
            f.rejection().reason(),
            f.rejection().getMessage()
        });
    }

    /** Text as PostgreSQL stores it: NUL, which it refuses, becomes U+FFFD (a record key is anything a producer sent). */
    public static String storable(String text) {
        return text == null ? null : text.replace('\u0000', '\uFFFD');
    }

    /** The payload as text; bytes that are not UTF-8 become U+FFFD, NUL (which PostgreSQL text refuses) too. */
    static String payloadText(byte[] value) {
        if (value == null) {
            return "";
        }
        String s = storable(new String(value, StandardCharsets.UTF_8));
        return s.length() > MAX_PAYLOAD ? s.substring(0, MAX_PAYLOAD) : s;
    }
}
