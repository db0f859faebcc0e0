package io.concordia.kafka.embedded;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where things live in a broker's data directory; shared by the launcher and the child JVM's
 * {@link io.concordia.kafka.embedded.broker.BrokerMain}. The layout is described in the package documentation.
 *
 * @param dataDir the absolute data directory
 */
public record BrokerLayout(Path dataDir) {

    public BrokerLayout {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
    }

    public static BrokerLayout of(Path dataDir) {
        return new BrokerLayout(dataDir);
    }

    /** Kafka's {@code log.dirs}: topic partitions and the cluster metadata log. */
    public Path kraftDir() {
        return dataDir.resolve("kraft");
    }

    public Path logsDir() {
        return dataDir.resolve("logs");
    }

    /** The broker's own log. */
    public Path brokerLog() {
        return logsDir().resolve("broker.log");
    }

    /** The child JVM's stdout and stderr: start-up failures and JVM errors that happen before logging is set up. */
    public Path stdoutLog() {
        return logsDir().resolve("broker-stdout.log");
    }

    public Path configDir() {
        return dataDir.resolve("config");
    }

    public Path brokerProperties() {
        return configDir().resolve("broker.properties");
    }

    /** The child JVM's classpath as a {@code java @argfile}. */
    public Path classpathArgumentFile() {
        return configDir().resolve("classpath.args");
    }

    public Path log4jConfig() {
        return configDir().resolve("log4j2.xml");
    }

    /** {@code pid} and {@code launcher} of the running broker; removed when it stops cleanly. */
    public Path pidFile() {
        return dataDir.resolve("broker.pid");
    }

    /** Written by the child once the broker accepts clients; removed when it stops. */
    public Path readyFile() {
        return dataDir.resolve("broker.ready");
    }

    /** The broker's passwords ({@link BrokerCredentials}), owner-only. */
    public Path credentialsFile() {
        return dataDir.resolve("credentials.properties");
    }

    /** Ports of the last start. */
    public Path portsFile() {
        return dataDir.resolve("ports.properties");
    }

    public Path tmpDir() {
        return dataDir.resolve("tmp");
    }
}
