package io.concordia.clearing.adversarial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.clearing.embedded.EmbeddedDatabase;
import io.concordia.clearing.support.PackagedApplication;
import io.concordia.kafka.embedded.LocalPorts;
import io.concordia.simulator.KafkaClientProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * The packaged application on its embedded defaults, as a person starts it, seen by another user of the same host:
 * every port on loopback only, every secret readable by its owner only, the database and the broker closed to
 * anyone without the generated passwords; and a SIGTERM that stops the application, then the broker, then the
 * database, without a warning or a stack trace in the log.
 */
class EmbeddedDefaultIT {

    /** 127.0.0.1, ::1 and 127.0.0.1 as an IPv4-mapped IPv6 address. */
    private static final Set<String> LOOPBACK =
            Set.of("0100007F", "00000000000000000000000001000000", "0000000000000000FFFF00000100007F");

    private static final Pattern TROUBLE = Pattern.compile("\\b(WARN|ERROR|SEVERE)\\b|Exception|^\\s+at |\\tat ");

    @Test
    void shouldOpenNothingToOtherUsersAndStopInOrderWithoutAStackTrace() throws Exception {
        Path root = Files.createDirectories(Path.of("target", "embedded-default-it"))
                .toAbsolutePath();
        Path data = Files.createTempDirectory(root, "data-");
        int postgresPort = LocalPorts.free();
        int kafkaPort = LocalPorts.freeOtherThan(List.of(postgresPort));
        PackagedApplication app = PackagedApplication.start(
                Map.of(
                        "concordia.data-dir", data.toString(),
                        "concordia.embedded.postgres-port", Integer.toString(postgresPort),
                        "concordia.embedded.kafka-port", Integer.toString(kafkaPort)),
                data.resolveSibling(data.getFileName() + ".log"),
                Duration.ofSeconds(120));
        try {
            for (int port : List.of(app.httpPort(), postgresPort, kafkaPort)) {
                assertThat(listeningAddresses(port))
                        .as("what listens on port %d", port)
                        .isNotEmpty()
                        .isSubsetOf(LOOPBACK);
            }

            assertThat(permissions(data)).isEqualTo("rwx------");
            for (String secret : List.of(
                    "postgres-credentials.properties",
                    "kafka-client.properties",
                    "operator.jwt",
                    "jwt/private-key.pem",
                    "kafka/credentials.properties")) {
                assertThat(permissions(data.resolve(secret))).as(secret).isEqualTo("rw-------");
            }

            String jdbcUrl = "jdbc:postgresql://localhost:" + postgresPort + "/concordia";
            for (String role : List.of("postgres", EmbeddedDatabase.OWNER, EmbeddedDatabase.APPLICATION)) {
                assertThatThrownBy(() ->
                                DriverManager.getConnection(jdbcUrl, role, "").close())
                        .as(role)
                        .isInstanceOf(SQLException.class);
            }

            Map<String, Object> anonymous = Map.of("bootstrap.servers", "127.0.0.1:" + kafkaPort);
            assertThatThrownBy(() -> produce(anonymous, "settlement-confirmations", "{\"forged\": true}"))
                    .as("a producer without the broker's password")
                    .hasStackTraceContaining("Timeout");
            Map<String, Object> publisher = KafkaClientProperties.load(data.resolve("kafka-client.properties"));
            produce(publisher, "trades.venue-a", "{\"venue\": \"venue-a\"}");
        } finally {
            app.stop();
        }

        assertThat(app.isAlive()).isFalse();
        assertThat(app.exitValue()).as("exit code after SIGTERM").isIn(0, 143);
        List<String> trouble =
                app.log().stream().filter(line -> TROUBLE.matcher(line).find()).toList();
        assertThat(trouble)
                .as("warnings, errors and stack traces in the log of a clean stop:\n%s", app.logTail(60))
                .isEmpty();
        // (The application's logging is closed once Quarkus has stopped: the broker's own log tells when it stopped.)
        LocalTime applicationStopped = time(app.log(), "concordia stopped in", 0, 12);
        LocalTime brokerStopping = time(
                Files.readAllLines(data.resolve("kafka/logs/broker.log")), "Embedded Kafka broker stopping", 11, 23);
        assertThat(brokerStopping).as("the broker stops after the application").isAfterOrEqualTo(applicationStopped);
        assertThat(data.resolve("kafka/broker.pid")).doesNotExist();
        assertThat(data.resolve("postgres/postmaster.pid"))
                .as("the database stopped too")
                .doesNotExist();
    }

    private static void produce(Map<String, Object> connection, String topic, String value) throws Exception {
        Map<String, Object> config = new HashMap<>(connection);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 8_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 8_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, "key", value)).get(15, TimeUnit.SECONDS);
        }
    }

    /** The local addresses (hex, as the kernel writes them) of the TCP sockets listening on this port. */
    private static List<String> listeningAddresses(int port) throws IOException {
        String hexPort = String.format("%04X", port);
        List<String> addresses = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] fields = line.strip().split("\\s+");
                if (fields.length > 3 && fields[3].equals("0A") && fields[1].endsWith(":" + hexPort)) {
                    addresses.add(fields[1].substring(0, fields[1].indexOf(':')));
                }
            }
        }
        return addresses;
    }

    /** The time of day of the first line with this text, from the columns where the log writes it. */
    private static LocalTime time(List<String> log, String text, int from, int to) {
        return log.stream()
                .filter(line -> line.contains(text))
                .findFirst()
                .map(line -> LocalTime.parse(line.substring(from, to).replace(',', '.')))
                .orElseThrow(() -> new AssertionError("the log has no line with '" + text + "'"));
    }

    private static String permissions(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
