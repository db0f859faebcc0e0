package io.concordia.clearing.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The ingestion invariants, read from what PostgreSQL holds, for any test that drives trades through Kafka: in
 * process (the {@code @QuarkusTest}s) or against the packaged application killed and restarted. Each check counts
 * the rows that break it, so a failure says how many and which invariant.
 *
 * <p>Topics are chosen by a PostgreSQL regular expression on the topic name; products by symbol, or all of them
 * with {@code null}.
 */
public final class IngestInvariants {

    /** Every trade topic but the dead-letter topic. */
    public static final String ALL_TRADE_TOPICS = "^trades\\.(?!dlq$)";

    private IngestInvariants() {}

    /** I2, I5, at most one outcome per offset, and positions equal to the recount of the inbox. */
    public static void assertHold(Connection c, String group, String topics, String product) throws SQLException {
        assertThat(productsNotSummingToZero(c))
                .as("products whose positions do not sum to zero (I2)")
                .isZero();
        assertThat(unaccountedOffsets(c, group, topics))
                .as("offsets below the stored one that are neither a trade, a duplicate nor a dead letter (I5)")
                .isZero();
        assertThat(offsetsWithSeveralOutcomes(c, topics))
                .as("offsets that are more than one of a trade, a duplicate and an open dead letter (I4)")
                .isZero();
        assertThat(positionsDifferingFromRecount(c, product))
                .as("positions whose quantity or fill count differs from a recount of the inbox")
                .isZero();
    }

    /** I2: products whose positions over all accounts do not sum to zero (the CCP's side is never stored). */
    public static long productsNotSummingToZero(Connection c) throws SQLException {
        return count(
                c,
                "SELECT count(*) FROM (SELECT product_id FROM position GROUP BY product_id HAVING sum(quantity) <> 0) x");
    }

    /** I5: offsets below a partition's stored next offset with no trade, counted duplicate or dead letter. */
    public static long unaccountedOffsets(Connection c, String group, String topics) throws SQLException {
        return count(c, """
                SELECT count(*) FROM consumer_offset o
                 CROSS JOIN LATERAL generate_series(0, o.next_offset - 1) AS off
                 WHERE o.consumer_group = ? AND o.topic ~ ?
                   AND NOT EXISTS (SELECT 1 FROM trade_inbox i
                                    WHERE i.source_topic = o.topic AND i.source_partition = o.kafka_partition AND i.source_offset = off)
                   AND NOT EXISTS (SELECT 1 FROM trade_duplicate d
                                    WHERE d.source_topic = o.topic AND d.source_partition = o.kafka_partition AND d.source_offset = off)
                   AND NOT EXISTS (SELECT 1 FROM dead_letter l
                                    WHERE l.source_topic = o.topic AND l.source_partition = o.kafka_partition AND l.source_offset = off)""", group, topics);
    }

    /**
     * Offsets recorded as more than one outcome: applied twice, or both applied and counted. A dead letter an
     * operator replayed is legitimately also a trade, so only open and discarded ones count.
     */
    public static long offsetsWithSeveralOutcomes(Connection c, String topics) throws SQLException {
        return count(c, """
                SELECT count(*) FROM (
                    SELECT source_topic, source_partition, source_offset FROM (
                        SELECT source_topic, source_partition, source_offset FROM trade_inbox
                        UNION ALL SELECT source_topic, source_partition, source_offset FROM trade_duplicate
                        UNION ALL SELECT source_topic, source_partition, source_offset FROM dead_letter WHERE status <> 'REPLAYED') s
                     WHERE source_topic ~ ?
                     GROUP BY 1, 2, 3 HAVING count(*) > 1) x""", topics);
    }

    /**
     * Positions (of {@code product}, or of all products when null) whose quantity or fill count differs from an
     * independent recount of the inbox, including trades that left no position at all.
     */
    public static long positionsDifferingFromRecount(Connection c, String product) throws SQLException {
        return count(c, """
                WITH recount AS (
                    SELECT account_id, product_id, sum(q) AS quantity, count(*) AS fills FROM (
                        SELECT buyer_account_id AS account_id, product_id, quantity AS q FROM trade_inbox
                        UNION ALL SELECT seller_account_id, product_id, -quantity FROM trade_inbox) t
                     GROUP BY account_id, product_id)
                SELECT count(*) FROM position p
                  FULL JOIN recount r ON r.account_id = p.account_id AND r.product_id = p.product_id
                 WHERE (CAST(? AS text) IS NULL
                        OR coalesce(p.product_id, r.product_id) = (SELECT id FROM product WHERE symbol = CAST(? AS text)))
                   AND (p.quantity IS DISTINCT FROM r.quantity OR p.trade_count IS DISTINCT FROM r.fills)""", product, product);
    }

    static long count(Connection c, String sql, Object... args) throws SQLException {
        try (var st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            try (var rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
