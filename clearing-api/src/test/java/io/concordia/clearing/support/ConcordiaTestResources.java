package io.concordia.clearing.support;

import io.concordia.clearing.embedded.EmbeddedDatabase;
import io.concordia.clearing.embedded.JwtKeys;
import io.concordia.kafka.embedded.BrokerCredentials;
import io.concordia.kafka.embedded.EmbeddedKafkaBroker;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The real servers the tests run against: an embedded PostgreSQL 17 in a fresh folder (so migrations run on an
 * empty database), a real Kafka broker in a child JVM, and a JWT key pair the tests sign their tokens with. Both
 * servers require their generated passwords, as in the embedded default: the application connects to the database
 * as its own role (migrations as the owner role) and to the broker with SASL/SCRAM.
 */
public class ConcordiaTestResources implements QuarkusTestResourceLifecycleManager {

    private EmbeddedDatabase database;
    private EmbeddedKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        try {
            Path root = Files.createTempDirectory("concordia-test");
            database = EmbeddedDatabase.start(root.resolve("postgres"), 0, false);
            // The server is not stopped by a hook of its own (the application must stop first); a test JVM that is
            // terminated before stop() runs should not leave it behind.
            Runtime.getRuntime().addShutdownHook(new Thread(database::close, "test-database-stop"));
            JwtKeys keys = JwtKeys.inFolder(root.resolve("jwt"));
            TestDatabase.database = database;
            broker = EmbeddedKafkaBroker.start(root.resolve("kafka"), 0);
            TestKafka.application = broker.clientProperties(BrokerCredentials.APPLICATION);
            TestKafka.publisher = broker.clientProperties(BrokerCredentials.PUBLISHER);
            Map<String, String> config = new HashMap<>(database.applicationConfig());
            broker.clientProperties(BrokerCredentials.APPLICATION)
                    .forEach((key, value) -> config.put("kafka." + key, value));
            config.put(
                    "mp.jwt.verify.publickey.location", keys.publicKey().toUri().toString());
            config.put(
                    "smallrye.jwt.sign.key.location", keys.privateKey().toUri().toString());
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.stop();
        }
        if (database != null) {
            database.close();
        }
    }
}
