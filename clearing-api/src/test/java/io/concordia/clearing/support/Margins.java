package io.concordia.clearing.support;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;

import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Margin fixtures: USD collateral, marks, the stored margin of an account and the events published about it. */
public final class Margins {

    private Margins() {}

    /** Makes sure the USD asset exists (valued at par as collateral). */
    public static synchronized void usd() {
        if (TestDatabase.count("SELECT count(*) FROM asset WHERE code = 'USD'") == 0) {
            operator()
                    .body(Map.of("code", "USD", "scale", 2))
                    .post("/api/v1/admin/assets")
                    .then()
                    .statusCode(201);
        }
    }

    /** Every underlying a listed product is on, whichever test listed it. */
    public static List<String> listedUnderlyings() {
        List<String> out = new java.util.ArrayList<>();
        try (var c = TestDatabase.connect();
                var rs = c.createStatement().executeQuery("SELECT DISTINCT underlying FROM product")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** Sets the product's mark by operator override. */
    public static void mark(String product, String price) {
        operator()
                .body(Map.of("price", price, "reason", "test mark"))
                .put("/api/v1/admin/marks/{p}", product)
                .then()
                .statusCode(200);
    }

    /** The account's stored margin row: status, im, mm, equity, call_amount, computed_at. */
    public static Map<String, Object> stored(String account) {
        try (var c = TestDatabase.connect();
                var st = c.prepareStatement("""
                SELECT m.status, m.im, m.mm, m.equity, m.call_amount, m.computed_at FROM account_margin m
                  JOIN account a ON a.id = m.account_id WHERE a.code = ?""")) {
            st.setString(1, account);
            try (var rs = st.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return Map.of(
                        "status",
                        rs.getString(1),
                        "im",
                        rs.getBigDecimal(2),
                        "mm",
                        rs.getBigDecimal(3),
                        "equity",
                        rs.getBigDecimal(4),
                        "callAmount",
                        rs.getBigDecimal(5),
                        "computedAt",
                        rs.getTimestamp(6).toInstant());
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the account's stored status is {@code status}, and returns the row. */
    public static Map<String, Object> awaitStatus(String account, String status) {
        Eventually.until("account " + account + " in " + status, () -> {
            Map<String, Object> m = stored(account);
            return m != null && m.get("status").equals(status);
        });
        return stored(account);
    }

    /** Waits until nothing is queued for re-margining, so the stored margins reflect every committed change. */
    public static void awaitQuiet() {
        awaitQuietExcept(-1);
    }

    /** Waits until nothing but {@code accountId}'s entry is queued for re-margining. */
    public static void awaitQuietExcept(long accountId) {
        Eventually.until(
                "the margin queue drained",
                () -> TestDatabase.count("SELECT count(*) FROM margin_queue WHERE account_id <> ?", accountId) == 0);
        try {
            Thread.sleep(150); // a batch claimed just before the queue emptied commits within this
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Open calls of the account. */
    public static long openCalls(String account) {
        return TestDatabase.count("""
                SELECT count(*) FROM margin_call mc JOIN account a ON a.id = mc.account_id
                 WHERE a.code = ? AND mc.status IN ('ISSUED', 'OVERDUE', 'ESCALATED')""", account);
    }

    /** What-if figures of buying {@code quantity} of {@code product} at {@code price} (member API). */
    public static JsonPath whatIf(String member, String account, String product, String quantity, String price) {
        return as(Tokens.member(member))
                .body(Map.of(
                        "account",
                        account,
                        "trades",
                        List.of(Map.of("product", product, "quantity", quantity, "price", price))))
                .post("/api/v1/margin/what-if")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }

    public static BigDecimal decimal(JsonPath json, String path) {
        return new BigDecimal(json.getString(path));
    }

    /** Every record of the topic with this key, read from the beginning until {@code quiet} passes with nothing new. */
    public static List<ConsumerRecord<String, String>> records(String topic, String key, Duration quiet) {
        Properties p = new Properties();
        p.putAll(TestKafka.connection());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long lastNew = System.nanoTime();
            long start = System.nanoTime();
            while (System.nanoTime() - lastNew < quiet.toNanos()
                    || (out.isEmpty()
                            && System.nanoTime() - start
                                    < Duration.ofSeconds(20).toNanos())) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(r.key())) {
                        out.add(r);
                        lastNew = System.nanoTime();
                    }
                }
            }
        }
        return out;
    }
}
