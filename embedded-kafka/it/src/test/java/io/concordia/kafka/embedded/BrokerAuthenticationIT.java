package io.concordia.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.simulator.KafkaClientProperties;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Anyone on the host can open a TCP connection to 127.0.0.1: the broker must still refuse to let them produce,
 * consume or administer anything without one of the generated passwords, on either of its listeners.
 */
class BrokerAuthenticationIT {

    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedKafkaBroker.start(TestDataDirs.newDataDir("authentication"), 0);
    }

    @AfterAll
    static void stopBroker() {
        broker.stop();
    }

    @Test
    void shouldRefuseAProducerWithoutCredentials() {
        // No credentials: the client never gets the topic's metadata and gives up after max.block.ms.
        Map<String, Object> anonymous = Map.of("bootstrap.servers", broker.bootstrapServers(), "max.block.ms", 3_000);

        assertThatThrownBy(() -> KafkaClients.produce(anonymous, "trades.venue-a", List.of("forged trade")))
                .hasStackTraceContaining("Timeout");
    }

    @Test
    void shouldRefuseAProducerWithAWrongPassword() {
        Map<String, Object> guessing = new HashMap<>(broker.clientProperties(BrokerCredentials.PUBLISHER));
        guessing.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"publisher\" password=\"guess\";");

        assertThatThrownBy(() -> KafkaClients.produce(guessing, "trades.venue-a", List.of("forged trade")))
                .hasStackTraceContaining("Authentication failed");
    }

    @Test
    void shouldAcceptPlainOnlyFromThePublisherWithItsPassword() throws Exception {
        BrokerCredentials passwords = BrokerCredentials.inFile(broker.dataDir().resolve("credentials.properties"));
        String plain =
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"%s\" password=\"%s\";";
        Map<String, Object> publisher =
                plainLogin(plain.formatted("publisher", passwords.password(BrokerCredentials.PUBLISHER)));
        KafkaClients.produce(publisher, "trades.plain", List.of("a trade"));

        // the application's user logs in with SCRAM only, even with its own password
        Map<String, Object> application =
                plainLogin(plain.formatted("concordia", passwords.password(BrokerCredentials.APPLICATION)));
        assertThatThrownBy(() -> KafkaClients.produce(application, "trades.plain", List.of("forged trade")))
                .hasStackTraceContaining("Authentication failed");
        Map<String, Object> guessing = plainLogin(plain.formatted("publisher", "guess"));
        assertThatThrownBy(() -> KafkaClients.produce(guessing, "trades.plain", List.of("forged trade")))
                .hasStackTraceContaining("Authentication failed");
    }

    private static Map<String, Object> plainLogin(String jaas) {
        Map<String, Object> login = new HashMap<>(broker.clientProperties(BrokerCredentials.PUBLISHER));
        login.put("sasl.mechanism", "PLAIN");
        login.put("sasl.jaas.config", jaas);
        return login;
    }

    @Test
    void shouldRefuseAnAdministratorOnTheControllerListenerWithoutThePassword() throws Exception {
        Map<String, Object> anonymousController = Map.of(
                "bootstrap.controllers",
                "127.0.0.1:" + controllerPort(),
                "request.timeout.ms",
                5000,
                "default.api.timeout.ms",
                8000);

        try (Admin admin = Admin.create(anonymousController)) {
            assertThatThrownBy(() -> admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                                    "intruder",
                                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096),
                                    "intruder-password")))
                            .all()
                            .get(10, TimeUnit.SECONDS))
                    .as("creating a user of its own")
                    .isInstanceOf(Exception.class);
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("trades.forged", 1, (short) 1)))
                            .all()
                            .get(10, TimeUnit.SECONDS))
                    .as("creating a topic")
                    .isInstanceOf(Exception.class);
        }
    }

    @Test
    void shouldAcceptThePublisherThroughItsGeneratedClientConfigFile() throws Exception {
        Path file = broker.dataDir().resolve("publisher.properties");
        broker.writeClientConfig(file, BrokerCredentials.PUBLISHER);

        // read as the venue simulator reads the file a person hands it (librdkafka's keys become Java's)
        Map<String, Object> publisher = KafkaClientProperties.load(file);
        KafkaClients.produce(publisher, "trades.published", List.of("a trade"));

        assertThat(KafkaClients.consumeInGroup(broker, "trades.published", "reader", 1))
                .containsExactly("a trade");
        assertThat(Files.readString(file))
                .contains(
                        "sasl.mechanisms=PLAIN",
                        "sasl.username=publisher",
                        "bootstrap.servers=" + broker.bootstrapServers());
        for (Path secret : List.of(
                file,
                broker.dataDir().resolve("credentials.properties"),
                broker.dataDir().resolve("config/broker.properties"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                    .as(secret.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(broker.dataDir())))
                .isEqualTo("rwx------");
    }

    @Test
    void shouldGiveAnExistingDataDirectoryTheUsersOfItsCredentialsFileAtStart() throws Exception {
        // given a broker's data directory whose metadata knows other passwords (as an older one knows none)
        Path dataDir = TestDataDirs.newDataDir("new-passwords");
        EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(dataDir, 0);
        Map<String, Object> oldPublisher = new HashMap<>(first.clientProperties(BrokerCredentials.PUBLISHER));
        KafkaClients.produce(oldPublisher, "trades.kept", List.of("before"));
        first.stop();
        Files.delete(dataDir.resolve("credentials.properties"));

        // when
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(dataDir, 0)) {
            // then the new passwords work, the old ones no longer do, and the data is still there
            KafkaClients.produce(
                    new HashMap<>(second.clientProperties(BrokerCredentials.PUBLISHER)),
                    "trades.kept",
                    List.of("after"));
            assertThat(KafkaClients.consumeInGroup(second, "trades.kept", "reader", 2))
                    .containsExactly("before", "after");
            assertThatThrownBy(() -> KafkaClients.produce(oldPublisher, "trades.kept", List.of("stale")))
                    .hasStackTraceContaining("Authentication failed");
        }
    }

    /** The broker's controller port, as it wrote it beside its data. */
    private static int controllerPort() throws Exception {
        Properties ports = new Properties();
        try (InputStream in = Files.newInputStream(broker.dataDir().resolve("ports.properties"))) {
            ports.load(in);
        }
        return Integer.parseInt(ports.getProperty("controller"));
    }
}
