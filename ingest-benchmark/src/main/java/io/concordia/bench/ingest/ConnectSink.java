package io.concordia.bench.ingest;

import io.concordia.kafka.embedded.LocalPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The peer baseline: what a user would pick instead of Concordia to land venue trades in PostgreSQL, the Debezium JDBC
 * sink on Kafka Connect standalone, run on the same records and into the same database.
 *
 * <p>Connect runs in a child JVM on its own classpath (module {@code ingest-benchmark-connect} resolves it at build
 * time into the resource {@value #CLASSPATH_RESOURCE}); its dependency tree conflicts with this harness's. The harness
 * writes the worker's and the connector's properties into the run folder.
 *
 * <p>The sink reads the venues' own records, plain JSON without a schema envelope. A JDBC sink needs a schema, so the
 * worker's JsonConverter is given the trades' schema once in {@code value.converter.schema.content} (Kafka 4's
 * KIP-1054) rather than each record carrying it: the records on the topics stay byte for byte what Concordia reads.
 * Every field of a venue record is a JSON string ({@code TradeRecord.toJson}); the table's price, quantity and
 * execution time are NUMERIC and timestamptz like the inbox's, and the driver's {@code stringtype=unspecified} lets
 * PostgreSQL convert the bound strings into them, so no transform is needed.
 */
final class ConnectSink {

    /** The resource of {@code ingest-benchmark-connect}: the jars of Connect and the sink, a ':'-separated list. */
    static final String CLASSPATH_RESOURCE = "connect.classpath";

    /** The fields of a venue trade record, in order, each a string. */
    static final List<String> FIELDS =
            List.of("venue", "tradeId", "symbol", "price", "quantity", "buyer", "seller", "executedAt");

    /** Records a poll and rows a JDBC batch: Concordia's own poll size, and the sink's throughput setting. */
    static final int BATCH = 5_000;

    /** How the sink writes: {@code INSERT ... ON CONFLICT DO UPDATE} (safe to redeliver), or plain {@code INSERT}. */
    enum Mode {
        UPSERT,
        INSERT;

        String insertMode() {
            return name().toLowerCase(Locale.ROOT);
        }

        String table() {
            return "peer_" + insertMode();
        }

        String connectorName() {
            return "peer-" + insertMode();
        }
    }

    /**
     * One mode's run: rows in the table, from Connect's start to the last row, the sink's commits, and what Connect
     * (as the "application"), the broker and PostgreSQL spent from the first row in the table to the last.
     */
    record Result(Mode mode, long rows, Duration startToAll, Commits.Throughput commits, ResourceSampler.Usage usage) {
        /** Rows a second from Connect's start (JVM, plugins, Hibernate) until the table held them all. */
        double fromStartPerSecond() {
            return rows / (startToAll.toNanos() / 1e9);
        }
    }

    private ConnectSink() {}

    /** The Connect schema of a venue trade record: a struct of required strings. */
    static String valueSchema() {
        return FIELDS.stream()
                .map(f -> "{\"field\":\"" + f + "\",\"type\":\"string\",\"optional\":false}")
                .collect(Collectors.joining(
                        ",", "{\"type\":\"struct\",\"name\":\"venue_trade\",\"optional\":false,\"fields\":[", "]}"));
    }

    /** The table a mode writes, shaped like the trades the inbox stores and keyed, like the inbox, by venue and trade id. */
    static String createTable(Mode mode) {
        // Quoted mixed-case names: the sink names columns after the record's fields (quote.identifiers=true).
        return "CREATE TABLE " + mode.table()
                + " (venue text NOT NULL, \"tradeId\" text NOT NULL, symbol text NOT NULL, "
                + "price numeric NOT NULL CHECK (price > 0), quantity numeric NOT NULL CHECK (quantity > 0), buyer text NOT NULL, "
                + "seller text NOT NULL, \"executedAt\" timestamptz NOT NULL, PRIMARY KEY (venue, \"tradeId\"))";
    }

    /**
     * The worker: the broker's SASL client settings for the worker itself and for its consumers, producers and admin
     * clients, the trades' schema for the value converter, offsets in a file of the run folder, REST on loopback.
     */
    static Map<String, String> workerProperties(Map<String, String> connection, Path offsets, int restPort) {
        Map<String, String> p = new LinkedHashMap<>(connection);
        for (String client : List.of("consumer.", "producer.", "admin.")) {
            connection.forEach((key, value) -> p.put(client + key, value));
        }
        p.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        p.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        p.put("value.converter.schemas.enable", "true");
        p.put("value.converter.schema.content", valueSchema());
        p.put("offset.storage.file.filename", offsets.toAbsolutePath().toString());
        p.put("offset.flush.interval.ms", "10000");
        p.put("listeners", "http://127.0.0.1:" + restPort);
        p.put("connector.client.config.override.policy", "All");
        // Connect and the sink are on the classpath; their jars declare their plugins, so no reflective scan is needed.
        p.put("plugin.discovery", "service_load");
        return p;
    }

    /**
     * The connector, as a user tuning it for throughput would set it: one task, batches of {@value #BATCH} rows,
     * batched INSERTs rewritten by the driver into multi-row ones; the existing table as it is.
     */
    static Map<String, String> connectorProperties(Mode mode, List<String> topics, String jdbcUrl) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", mode.connectorName());
        p.put("connector.class", "io.debezium.connector.jdbc.JdbcSinkConnector");
        p.put("tasks.max", "1");
        p.put("topics", String.join(",", topics));
        p.put("connection.url", withParameters(jdbcUrl, "stringtype=unspecified", "reWriteBatchedInserts=true"));
        p.put("connection.username", "postgres");
        p.put("insert.mode", mode.insertMode());
        p.put("primary.key.mode", "record_value");
        p.put("primary.key.fields", "venue,tradeId");
        p.put("schema.evolution", "none");
        p.put("quote.identifiers", "true");
        p.put("collection.name.format", mode.table());
        p.put("batch.size", Integer.toString(BATCH));
        p.put("consumer.override.max.poll.records", Integer.toString(BATCH));
        return p;
    }

    /** {@code key=value} lines that {@link java.util.Properties#load} reads back as they are. */
    static String propertiesText(Map<String, String> properties) {
        StringBuilder b = new StringBuilder();
        properties.forEach((key, value) -> b.append(escape(key, true))
                .append('=')
                .append(escape(value, false))
                .append('\n'));
        return b.toString();
    }

    /**
     * Runs one mode: creates its table, starts Connect with the sink, waits until the table holds {@code rows} rows,
     * stops Connect. The clock runs from the start of Connect's JVM to the first count of {@code rows}.
     */
    static Result run(
            Mode mode,
            Connection c,
            Map<String, String> connection,
            List<String> topics,
            String jdbcUrl,
            long rows,
            Path runDir,
            long brokerPid,
            long postmasterPid)
            throws IOException, SQLException, InterruptedException {
        try (var st = c.createStatement()) {
            st.execute(createTable(mode));
            st.execute("CHECKPOINT");
        }
        Path worker = runDir.resolve("connect-" + mode.insertMode() + "-worker.properties");
        Path connector = runDir.resolve("connect-" + mode.insertMode() + "-connector.properties");
        Path log = runDir.resolve("connect-" + mode.insertMode() + ".log");
        Files.writeString(
                worker,
                propertiesText(workerProperties(
                        connection, runDir.resolve("connect-" + mode.insertMode() + ".offsets"), LocalPorts.free())));
        Files.writeString(connector, propertiesText(connectorProperties(mode, topics, jdbcUrl)));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                classpath(),
                "org.apache.kafka.connect.cli.ConnectStandalone",
                worker.toAbsolutePath().toString(),
                connector.toAbsolutePath().toString()));
        long start = System.nanoTime();
        Process connect = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // Resources are counted from the first row on, as the application's are from its readiness on: Connect's
        // start-up (JVM, plugins, Hibernate) is not in the CPU a row.
        ResourceSampler sampler = null;
        try {
            long deadline = start + TimeUnit.MINUTES.toNanos(15);
            try (var count = c.prepareStatement("SELECT count(*) FROM " + mode.table())) {
                while (true) {
                    long stored;
                    try (var rs = count.executeQuery()) {
                        rs.next();
                        stored = rs.getLong(1);
                    }
                    if (stored > 0 && sampler == null) {
                        sampler = new ResourceSampler(connect.pid(), brokerPid, postmasterPid, () -> -1);
                    }
                    if (stored >= rows) {
                        break;
                    }
                    if (!connect.isAlive() || System.nanoTime() > deadline) {
                        throw new IllegalStateException("the Debezium JDBC sink (" + mode.insertMode() + ") wrote "
                                + stored + " of " + rows + " rows; see " + log.toAbsolutePath());
                    }
                    Thread.sleep(100);
                }
            }
            Duration startToAll = Duration.ofNanos(System.nanoTime() - start);
            ResourceSampler.Usage usage = sampler.usage();
            return new Result(mode, rows, startToAll, Commits.throughput(Commits.tableBatches(c, mode.table())), usage);
        } finally {
            if (sampler != null) {
                sampler.close();
            }
            connect.destroy();
            if (!connect.waitFor(60, TimeUnit.SECONDS)) {
                connect.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The jars of Connect and the sink, as {@code ingest-benchmark-connect} resolved them; each checked to exist. */
    static String classpath() {
        String list;
        try (InputStream in = ConnectSink.class.getResourceAsStream(CLASSPATH_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the resource " + CLASSPATH_RESOURCE + " is missing: build with "
                        + "mvn -q -pl clearing-api,ingest-benchmark -am package -DskipTests");
            }
            list = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String jar : list.split(":")) {
            if (!Files.exists(Path.of(jar))) {
                throw new IllegalStateException(
                        "Kafka Connect's classpath names " + jar + ", which does not exist: rebuild on this machine");
            }
        }
        return list;
    }

    private static String withParameters(String jdbcUrl, String... parameters) {
        return jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + String.join("&", parameters);
    }

    private static String escape(String text, boolean key) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                // separators and comment marks end or start a key; a value loses only its leading blanks
                case '=', ':', '#', '!', ' ' ->
                    b.append(key || (ch == ' ' && i == 0) ? "\\" : "").append(ch);
                default -> b.append(ch);
            }
        }
        return b.toString();
    }
}
