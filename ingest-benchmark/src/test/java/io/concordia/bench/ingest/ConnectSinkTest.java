package io.concordia.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.simulator.TradeRecord;
import java.io.StringReader;
import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What the harness hands Kafka Connect and the Debezium JDBC sink; nothing here starts Connect. */
class ConnectSinkTest {

    private static final Map<String, String> CONNECTION = Map.of(
            "bootstrap.servers",
            "127.0.0.1:9092",
            "security.protocol",
            "SASL_PLAINTEXT",
            "sasl.mechanism",
            "SCRAM-SHA-256",
            "sasl.jaas.config",
            "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"concordia\" password=\"p:w=d\\x#1\";");

    @Test
    void shouldWritePropertiesThatReadBackAsWritten() throws Exception {
        Random random = new Random(20261205);
        String alphabet = "aZ09 =:#!\\\t\f\n\r\"{}[],.-_é";
        for (int run = 0; run < 500; run++) {
            Map<String, String> written = new LinkedHashMap<>();
            for (int entry = 0; entry < 1 + random.nextInt(6); entry++) {
                written.put(text(random, alphabet, 1), text(random, alphabet, 0));
            }

            Properties read = new Properties();
            read.load(new StringReader(ConnectSink.propertiesText(written)));

            assertThat(read).as("run %d: %s", run, written).isEqualTo(written);
        }
    }

    @Test
    void shouldLogTheWorkerAndEveryClientItStartsIntoTheBroker() {
        Map<String, String> worker = ConnectSink.workerProperties(CONNECTION, Path.of("run/offsets"), 18083);

        for (String prefix : List.of("", "consumer.", "producer.", "admin.")) {
            CONNECTION.forEach((key, value) -> assertThat(worker).containsEntry(prefix + key, value));
        }
        assertThat(worker)
                .containsEntry("listeners", "http://127.0.0.1:18083")
                .containsEntry(
                        "offset.storage.file.filename",
                        Path.of("run/offsets").toAbsolutePath().toString())
                .containsEntry("value.converter", "org.apache.kafka.connect.json.JsonConverter")
                .containsEntry("value.converter.schemas.enable", "true");
    }

    @Test
    void shouldHaveConnectsJsonConverterReadAVenueRecordAsItIsPublished() throws Exception {
        TradeRecord trade = new TradeRecord(
                "venue-b",
                "tp-42",
                "BTC-PERP",
                new BigDecimal("67012.50"),
                new BigDecimal("3"),
                "ACC-00001",
                "ACC-00002",
                Instant.parse("2026-12-05T18:00:00.123Z"));
        Map<String, Object> converterConfig = new LinkedHashMap<>();
        ConnectSink.workerProperties(CONNECTION, Path.of("offsets"), 1).forEach((key, value) -> {
            if (key.startsWith("value.converter.")) {
                converterConfig.put(key.substring("value.converter.".length()), value);
            }
        });

        // Connect's own converter, from the classpath Connect runs on, as the worker configures it.
        List<URL> jars = new ArrayList<>();
        for (String jar : ConnectSink.classpath().split(":")) {
            jars.add(Path.of(jar).toUri().toURL());
        }
        try (URLClassLoader connect =
                new URLClassLoader(jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
            Class<?> converterClass = connect.loadClass("org.apache.kafka.connect.json.JsonConverter");
            Object converter = converterClass.getConstructor().newInstance();
            converterClass.getMethod("configure", Map.class, boolean.class).invoke(converter, converterConfig, false);
            Object schemaAndValue = converterClass
                    .getMethod("toConnectData", String.class, byte[].class)
                    .invoke(converter, trade.topic(), trade.toJson().getBytes(StandardCharsets.UTF_8));
            Object struct = schemaAndValue.getClass().getMethod("value").invoke(schemaAndValue);
            Method get = struct.getClass().getMethod("get", String.class);

            assertThat(get.invoke(struct, "venue")).isEqualTo("venue-b");
            assertThat(get.invoke(struct, "tradeId")).isEqualTo("tp-42");
            assertThat(get.invoke(struct, "symbol")).isEqualTo("BTC-PERP");
            assertThat(get.invoke(struct, "price")).isEqualTo("67012.50");
            assertThat(get.invoke(struct, "quantity")).isEqualTo("3");
            assertThat(get.invoke(struct, "buyer")).isEqualTo("ACC-00001");
            assertThat(get.invoke(struct, "seller")).isEqualTo("ACC-00002");
            assertThat(get.invoke(struct, "executedAt")).isEqualTo("2026-12-05T18:00:00.123Z");
        }
    }

    @Test
    void shouldWriteEachModeIntoItsOwnTableKeyedByVenueAndTradeId() {
        List<String> topics = List.of("trades.venue-a", "trades.venue-b", "trades.venue-c");
        for (ConnectSink.Mode mode : ConnectSink.Mode.values()) {
            Map<String, String> connector = ConnectSink.connectorProperties(
                    mode, topics, "jdbc:postgresql://localhost:5432/concordia?user=postgres");

            assertThat(connector)
                    .containsEntry("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector")
                    .containsEntry("insert.mode", mode == ConnectSink.Mode.UPSERT ? "upsert" : "insert")
                    .containsEntry("collection.name.format", mode.table())
                    .containsEntry("topics", "trades.venue-a,trades.venue-b,trades.venue-c")
                    .containsEntry("primary.key.mode", "record_value")
                    .containsEntry("primary.key.fields", "venue,tradeId")
                    .containsEntry(
                            "connection.url",
                            "jdbc:postgresql://localhost:5432/concordia?user=postgres&stringtype=unspecified&reWriteBatchedInserts=true");
            // A group of its own for each mode, so that each reads the topics from the start.
            assertThat(connector.get("name")).isEqualTo("peer-" + connector.get("insert.mode"));
            // Every field of the record has its column, under the record's name (quote.identifiers=true).
            String ddl = ConnectSink.createTable(mode);
            for (String field : ConnectSink.FIELDS) {
                String column = field.equals(field.toLowerCase()) ? field : "\"" + field + "\"";
                assertThat(ddl)
                        .containsPattern("[( ]" + Pattern.quote(column) + " (text|numeric|timestamptz) NOT NULL");
            }
            assertThat(ddl)
                    .startsWith("CREATE TABLE " + mode.table() + " ")
                    .contains("PRIMARY KEY (venue, \"tradeId\")");
        }
        assertThat(ConnectSink.Mode.UPSERT.table()).isNotEqualTo(ConnectSink.Mode.INSERT.table());
    }

    private static String text(Random random, String alphabet, int minLength) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < minLength + random.nextInt(12); i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
