package io.concordia.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How to start an embedded broker. Create with {@link #of(Path)} and adjust with the {@code withX} methods.
 *
 * @param dataDir          the broker's data directory; created if missing, kept across restarts
 * @param port             the client port on 127.0.0.1; 0 reuses the port of the last start of this data directory
 *                         when it is free, else picks a free one
 * @param partitions       partitions of an auto-created topic ({@code num.partitions})
 * @param maxHeap          the child JVM's {@code -Xmx} value, for example {@code 512m}
 * @param startTimeout     how long to wait for the broker to accept clients before giving up
 * @param stopTimeout      how long {@link EmbeddedKafkaBroker#stop()} waits for a graceful shutdown before it kills
 * @param brokerProperties Kafka broker properties that override the defaults of
 *                         {@link io.concordia.kafka.embedded.broker.BrokerMain}
 * @param jvmOptions       extra options for the child JVM, placed before the main class
 * @param node             this node's place in a KRaft cluster; {@link KraftNode#SINGLE} for a cluster of one
 */
public record BrokerSettings(
        Path dataDir,
        int port,
        int partitions,
        String maxHeap,
        Duration startTimeout,
        Duration stopTimeout,
        Map<String, String> brokerProperties,
        List<String> jvmOptions,
        KraftNode node) {

    /** Partitions of an auto-created topic unless {@link #withPartitions(int)} says otherwise. */
    public static final int DEFAULT_PARTITIONS = 3;
    /** The child JVM's maximum heap unless {@link #withMaxHeap(String)} says otherwise. */
    public static final String DEFAULT_MAX_HEAP = "512m";
    /** Generous: the first start of a JVM on a busy 2-core machine, next to Quarkus starting, takes a while. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(90);
    /** A graceful KRaft shutdown of one node takes a few seconds. */
    public static final Duration DEFAULT_STOP_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern HEAP_SIZE = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    public BrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        dataDir = dataDir.toAbsolutePath().normalize();
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be in 0..65535, was " + port);
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        Objects.requireNonNull(maxHeap, "maxHeap");
        if (!HEAP_SIZE.matcher(maxHeap).matches()) {
            throw new IllegalArgumentException("maxHeap must look like 512m or 1g, was '" + maxHeap + "'");
        }
        requirePositive("startTimeout", startTimeout);
        requirePositive("stopTimeout", stopTimeout);
        Objects.requireNonNull(brokerProperties, "brokerProperties");
        brokerProperties.forEach((key, value) -> {
            if (key == null || key.isBlank() || value == null) {
                throw new IllegalArgumentException(
                        "brokerProperties must have non-blank keys and non-null values, had " + key + "=" + value);
            }
        });
        brokerProperties = Collections.unmodifiableMap(new TreeMap<>(brokerProperties));
        jvmOptions = List.copyOf(jvmOptions);
        Objects.requireNonNull(node, "node");
    }

    /** Defaults: port 0, {@value #DEFAULT_PARTITIONS} partitions, heap {@value #DEFAULT_MAX_HEAP}. */
    public static BrokerSettings of(Path dataDir) {
        return new BrokerSettings(
                dataDir,
                0,
                DEFAULT_PARTITIONS,
                DEFAULT_MAX_HEAP,
                DEFAULT_START_TIMEOUT,
                DEFAULT_STOP_TIMEOUT,
                Map.of(),
                List.of(),
                KraftNode.SINGLE);
    }

    public BrokerSettings withDataDir(Path newDataDir) {
        return new BrokerSettings(
                newDataDir, port, partitions, maxHeap, startTimeout, stopTimeout, brokerProperties, jvmOptions, node);
    }

    public BrokerSettings withPort(int newPort) {
        return new BrokerSettings(
                dataDir, newPort, partitions, maxHeap, startTimeout, stopTimeout, brokerProperties, jvmOptions, node);
    }

    public BrokerSettings withPartitions(int newPartitions) {
        return new BrokerSettings(
                dataDir, port, newPartitions, maxHeap, startTimeout, stopTimeout, brokerProperties, jvmOptions, node);
    }

    public BrokerSettings withMaxHeap(String newMaxHeap) {
        return new BrokerSettings(
                dataDir, port, partitions, newMaxHeap, startTimeout, stopTimeout, brokerProperties, jvmOptions, node);
    }

    public BrokerSettings withStartTimeout(Duration newStartTimeout) {
        return new BrokerSettings(
                dataDir, port, partitions, maxHeap, newStartTimeout, stopTimeout, brokerProperties, jvmOptions, node);
    }

    public BrokerSettings withStopTimeout(Duration newStopTimeout) {
        return new BrokerSettings(
                dataDir, port, partitions, maxHeap, startTimeout, newStopTimeout, brokerProperties, jvmOptions, node);
    }

    /** Sets one Kafka broker property, for example {@code log.retention.hours=24}. */
    public BrokerSettings withBrokerProperty(String key, String value) {
        Map<String, String> properties = new TreeMap<>(brokerProperties);
        properties.put(key, value);
        return new BrokerSettings(
                dataDir, port, partitions, maxHeap, startTimeout, stopTimeout, properties, jvmOptions, node);
    }

    /** Adds one option for the child JVM, for example {@code -XX:+UseSerialGC}. */
    public BrokerSettings withJvmOption(String option) {
        if (option == null || option.isBlank()) {
            throw new IllegalArgumentException("option must not be blank, was '" + option + "'");
        }
        List<String> options = new ArrayList<>(jvmOptions);
        options.add(option);
        return new BrokerSettings(
                dataDir, port, partitions, maxHeap, startTimeout, stopTimeout, brokerProperties, options, node);
    }

    /** Makes this broker one node of a KRaft cluster (see {@link EmbeddedKafkaCluster}). */
    public BrokerSettings withNode(KraftNode newNode) {
        return new BrokerSettings(
                dataDir, port, partitions, maxHeap, startTimeout, stopTimeout, brokerProperties, jvmOptions, newNode);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
