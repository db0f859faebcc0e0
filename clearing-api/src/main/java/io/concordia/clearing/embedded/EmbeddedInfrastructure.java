package io.concordia.clearing.embedded;

import io.concordia.kafka.embedded.BrokerCredentials;
import io.concordia.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The embedded default: what Concordia starts for itself when nothing is configured — a real PostgreSQL with
 * its data under the data folder, a Kafka broker, and a JWT key pair with an operator token — and publishes to the
 * application's configuration as system properties. Kafka is the same: a real single-node broker in a child
 * JVM when no {@code kafka.bootstrap.servers} is configured. Whatever is configured explicitly is used as it is.
 *
 * <p>The data folder is its owner's only (0700): it holds the database's and the broker's generated passwords, the
 * JWT signing key and the operator token. Both servers listen on loopback and require those passwords.
 */
public final class EmbeddedInfrastructure implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedInfrastructure.class);
    /** The publisher's broker login in librdkafka format, for {@code kcat -F} and the venue simulator. */
    public static final String KAFKA_CLIENT_CONFIG = "kafka-client.properties";

    private final List<AutoCloseable> started = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);

    private EmbeddedInfrastructure() {}

    public static EmbeddedInfrastructure start(Settings settings) {
        EmbeddedInfrastructure infra = new EmbeddedInfrastructure();
        if (!Boolean.parseBoolean(settings.get("concordia.embedded.enabled", "true"))) {
            return infra;
        }
        Path dataDir = Path.of(settings.get("concordia.data-dir", "data"))
                .toAbsolutePath()
                .normalize();
        try {
            Files.createDirectories(dataDir);
            // Secrets live here (database and broker credentials, the JWT signing key, the operator token).
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dataDir, e);
        }
        try {
            if (settings.get("quarkus.datasource.jdbc.url").isEmpty()) {
                int port = Integer.parseInt(settings.get("concordia.embedded.postgres-port", "15432"));
                EmbeddedDatabase db = EmbeddedDatabase.start(dataDir.resolve("postgres"), port, true);
                infra.started.add(db);
                db.applicationConfig().forEach(System::setProperty);
                LOG.infof("embedded PostgreSQL on port %d, data in %s", db.port(), dataDir.resolve("postgres"));
            }
            if (settings.get("kafka.bootstrap.servers").isEmpty()) {
                int port = Integer.parseInt(settings.get("concordia.embedded.kafka-port", "19092"));
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir.resolve("kafka"), port);
                infra.started.add(broker);
                broker.clientProperties(BrokerCredentials.APPLICATION)
                        .forEach((key, value) -> System.setProperty("kafka." + key, value));
                broker.writeClientConfig(dataDir.resolve(KAFKA_CLIENT_CONFIG), BrokerCredentials.PUBLISHER);
                LOG.infof(
                        "embedded Kafka broker at %s (SASL/SCRAM; for kcat and the venue simulator: %s), data in %s",
                        broker.bootstrapServers(), dataDir.resolve(KAFKA_CLIENT_CONFIG), dataDir.resolve("kafka"));
            }
            if (settings.get("mp.jwt.verify.publickey.location").isEmpty()) {
                JwtKeys keys = JwtKeys.inFolder(dataDir.resolve("jwt"));
                System.setProperty(
                        "mp.jwt.verify.publickey.location",
                        keys.publicKey().toUri().toString());
                System.setProperty(
                        "smallrye.jwt.sign.key.location",
                        keys.privateKey().toUri().toString());
                System.setProperty(
                        OperatorTokenFile.PROPERTY,
                        dataDir.resolve("operator.jwt").toString());
            }
        } catch (RuntimeException e) {
            infra.close();
            throw e;
        }
        return infra;
    }

    /** Stops what was started, last first: the broker, then the database. */
    @Override
    public synchronized void close() {
        for (int i = started.size() - 1; i >= 0; i--) {
            try {
                started.get(i).close();
            } catch (Exception e) {
                LOG.warn("embedded server did not stop cleanly: " + e.getMessage());
            }
        }
        started.clear();
        closed.countDown();
    }

    /** Waits until {@link #close()} has stopped the servers, at most this long. */
    public void awaitClosed(Duration within) {
        try {
            closed.await(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
