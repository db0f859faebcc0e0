package io.concordia.kafka.embedded.broker;

import io.concordia.kafka.embedded.BrokerCredentials;
import io.concordia.kafka.embedded.BrokerLayout;
import io.concordia.kafka.embedded.OwnerOnlyFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs one Kafka node that is both broker and controller (KRaft, static quorum: this node alone, or the voters of
 * {@code --controller-quorum} when it is one node of a cluster) on 127.0.0.1.
 *
 * <pre>
 * BrokerMain --data-dir DIR --port PORT --controller-port PORT [--partitions N] [--property key=value]...
 * </pre>
 *
 * <p>Formats the storage the first time only, so topics and offsets survive restarts. Prints {@code READY host:port}
 * and writes {@link BrokerLayout#readyFile()} once clients can connect. Shuts down gracefully when its standard
 * input reaches end of file (the launcher closed it, or died) or reads the line {@code stop}, and on SIGTERM. If a
 * graceful shutdown hangs, the JVM halts after {@value #SHUTDOWN_GRACE_SECONDS} seconds.
 */
public final class BrokerMain {

    static final String HOST = "127.0.0.1";
    static final long SHUTDOWN_GRACE_SECONDS = 60;

    private static final Logger LOG = LogManager.getLogger(BrokerMain.class);

    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    private BrokerMain() {}

    public static void main(String[] args) {
        int exitCode;
        try {
            exitCode = new BrokerMain().run(Arguments.parse(args));
        } catch (IllegalArgumentException e) {
            System.err.println("FAILED: " + e.getMessage());
            System.err.println(Arguments.USAGE);
            exitCode = 2;
        }
        LogManager.shutdown();
        System.exit(exitCode);
    }

    private int run(Arguments arguments) {
        BrokerLayout layout = BrokerLayout.of(arguments.dataDir());
        watchStandardInput();
        ignoreInterrupt();
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopFromSignal, "broker-shutdown-hook"));
        KafkaRaftServer server = null;
        try {
            writePidFile(layout);
            BrokerCredentials credentials = BrokerCredentials.inFile(layout.credentialsFile());
            Properties properties = brokerProperties(arguments, layout, credentials);
            // It holds the listeners' passwords.
            OwnerOnlyFiles.write(layout.brokerProperties(), properties, "Written by the embedded Kafka broker");
            formatStorageOnce(layout, arguments.clusterId());
            server = new KafkaRaftServer(KafkaConfig.fromProps(properties, false), Time.SYSTEM);
            server.startup();
            ScramUsers.provision(HOST + ":" + arguments.port(), credentials);
            writeReadyFile(layout, arguments.port());
            System.out.println("READY " + HOST + ":" + arguments.port());
            LOG.info("Embedded Kafka broker ready on {}:{} with data in {}", HOST, arguments.port(), layout.dataDir());
            stopRequested.await();
            LOG.info("Embedded Kafka broker stopping");
            server.shutdown();
            server.awaitShutdown();
            LOG.info("Embedded Kafka broker stopped");
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (Throwable e) {
            LOG.error("Embedded Kafka broker failed", e);
            System.err.println("FAILED: " + e);
            e.printStackTrace(System.err);
            if (server != null) {
                shutDownAfterFailure(server);
            }
            return 1;
        } finally {
            deleteQuietly(layout.readyFile());
            deleteQuietly(layout.pidFile());
            stopped.countDown();
        }
    }

    /**
     * The broker's properties: single-node defaults, then the caller's overrides. Every internal topic gets
     * replication factor 1 and min ISR 1, as there is one node.
     *
     * <p>Both listeners authenticate: clients with SCRAM-SHA-256 (users created by {@link ScramUsers}) or, the
     * publisher only, PLAIN; the node itself with PLAIN and its own password, so that nobody on the host can produce, consume, or create users and
     * topics, on either listener, without a password.
     */
    static Properties brokerProperties(Arguments arguments, BrokerLayout layout, BrokerCredentials credentials) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("process.roles", "broker,controller");
        settings.put("node.id", Integer.toString(arguments.nodeId()));
        settings.put(
                "controller.quorum.voters",
                arguments.quorumVoters().isEmpty()
                        ? arguments.nodeId() + "@" + HOST + ":" + arguments.controllerPort()
                        : arguments.quorumVoters());
        settings.put(
                "listeners",
                "CLIENT://" + HOST + ":" + arguments.port() + ",CONTROLLER://" + HOST + ":"
                        + arguments.controllerPort());
        settings.put("advertised.listeners", "CLIENT://" + HOST + ":" + arguments.port());
        settings.put("controller.listener.names", "CONTROLLER");
        settings.put("inter.broker.listener.name", "CLIENT");
        settings.put("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        // Clients log in with SCRAM; PLAIN knows the broker's own user (its connections to itself and the creation of
        // the SCRAM users, which the controller listener does not offer to an admin client) and the publisher, for
        // kcat builds that cannot do SCRAM with Kafka 4 (see BrokerCredentials).
        settings.put("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-256,PLAIN");
        settings.put(
                "listener.name.client.scram-sha-256.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        settings.put("listener.name.client.plain.sasl.jaas.config", credentials.clientListenerLogin());
        settings.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
        settings.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        settings.put("listener.name.controller.plain.sasl.jaas.config", credentials.brokerListenerLogin());
        settings.put("sasl.mechanism.controller.protocol", "PLAIN");
        settings.put("log.dirs", layout.kraftDir().toString());

        settings.put("auto.create.topics.enable", "true");
        settings.put("num.partitions", Integer.toString(arguments.partitions()));
        settings.put("default.replication.factor", "1");
        settings.put("min.insync.replicas", "1");
        settings.put("offsets.topic.replication.factor", "1");
        settings.put("offsets.topic.num.partitions", "10");
        settings.put("transaction.state.log.replication.factor", "1");
        settings.put("transaction.state.log.min.isr", "1");
        settings.put("transaction.state.log.num.partitions", "10");
        settings.put("share.coordinator.state.topic.replication.factor", "1");
        settings.put("share.coordinator.state.topic.min.isr", "1");
        settings.put("group.initial.rebalance.delay.ms", "0");

        settings.put("log.retention.hours", "168");
        settings.put("log.segment.bytes", Integer.toString(256 * 1024 * 1024));
        // The compaction buffer for __consumer_offsets defaults to 128 MB of heap; this broker's heap is small.
        settings.put("log.cleaner.dedupe.buffer.size", Integer.toString(16 * 1024 * 1024));
        // Two cores: Kafka's defaults (3 network, 8 I/O threads) only add context switches.
        settings.put("num.network.threads", "2");
        settings.put("num.io.threads", "4");
        settings.putAll(arguments.properties());

        Properties properties = new Properties();
        settings.forEach(properties::setProperty);
        return properties;
    }

    /** Formats the log directory unless it already holds a formatted node, so data survives restarts. */
    private static void formatStorageOnce(BrokerLayout layout, String clusterId) throws IOException {
        if (Files.exists(layout.kraftDir().resolve("meta.properties"))) {
            return;
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int result;
        try (PrintStream printStream = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            result = StorageTool.execute(
                    new String[] {
                        "format",
                        "--cluster-id",
                        clusterId.isEmpty() ? Uuid.randomUuid().toString() : clusterId,
                        "--config",
                        layout.brokerProperties().toString(),
                        "--ignore-formatted"
                    },
                    printStream);
        }
        String message = output.toString(StandardCharsets.UTF_8).strip();
        if (result != 0) {
            throw new IllegalStateException("Formatting " + layout.kraftDir() + " failed (" + result + "): " + message);
        }
        LOG.info("Formatted {}: {}", layout.kraftDir(), message);
    }

    /**
     * The launcher holds the other end of standard input. End of file means it closed the pipe or died (even by
     * kill -9): either way this broker must not outlive it.
     */
    private void watchStandardInput() {
        Thread watcher = new Thread(
                () -> {
                    try (InputStream in = System.in) {
                        StringBuilder line = new StringBuilder();
                        int next;
                        while ((next = in.read()) != -1) {
                            if (next == '\n') {
                                if ("stop".equals(line.toString().strip())) {
                                    break;
                                }
                                line.setLength(0);
                            } else {
                                line.append((char) next);
                            }
                        }
                    } catch (IOException e) {
                        LOG.warn("Standard input failed; treating it as closed", e);
                    }
                    LOG.info("Standard input closed: stopping");
                    requestStop();
                },
                "broker-stdin-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    /**
     * Ctrl-C in a terminal interrupts every process of the foreground group, this child too. The launcher decides
     * when the broker stops (after the application that uses it has stopped its consumers), so the child leaves
     * SIGINT to it; closing standard input, SIGTERM and the launcher's death still stop it.
     */
    private static void ignoreInterrupt() {
        try {
            Signal.handle(new Signal("INT"), SignalHandler.SIG_IGN);
        } catch (IllegalArgumentException e) {
            LOG.warn("Cannot ignore SIGINT: {}", e.getMessage());
        }
    }

    private void stopFromSignal() {
        requestStop();
        try {
            stopped.await(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void requestStop() {
        if (stopRequested.getCount() == 0) {
            return;
        }
        stopRequested.countDown();
        Thread watchdog = new Thread(
                () -> {
                    try {
                        Thread.sleep(TimeUnit.SECONDS.toMillis(SHUTDOWN_GRACE_SECONDS));
                        System.err.println(
                                "Graceful shutdown took longer than " + SHUTDOWN_GRACE_SECONDS + " s: halting");
                        Runtime.getRuntime().halt(3);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "broker-shutdown-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void shutDownAfterFailure(KafkaRaftServer server) {
        Thread shutdown = new Thread(
                () -> {
                    try {
                        server.shutdown();
                    } catch (Throwable e) {
                        LOG.warn("Shutting down after the failure failed too", e);
                    }
                },
                "broker-failure-shutdown");
        shutdown.setDaemon(true);
        shutdown.start();
        try {
            shutdown.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void writePidFile(BrokerLayout layout) throws IOException {
        Properties pid = new Properties();
        pid.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        pid.setProperty(
                "launcher",
                ProcessHandle.current()
                        .parent()
                        .map(p -> Long.toString(p.pid()))
                        .orElse("-1"));
        writeProperties(pid, layout.pidFile());
    }

    private static void writeReadyFile(BrokerLayout layout, int port) throws IOException {
        Properties ready = new Properties();
        ready.setProperty("bootstrap.servers", HOST + ":" + port);
        writeProperties(ready, layout.readyFile());
    }

    private static void writeProperties(Properties properties, Path file) throws IOException {
        OwnerOnlyFiles.write(file, properties, "Written by the embedded Kafka broker");
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("Cannot delete {}", file, e);
        }
    }

    /** The command line of {@link BrokerMain}. */
    record Arguments(
            Path dataDir,
            int port,
            int controllerPort,
            int partitions,
            int nodeId,
            String quorumVoters,
            String clusterId,
            Map<String, String> properties) {

        static final String USAGE = "usage: BrokerMain --data-dir DIR --port PORT --controller-port PORT"
                + " [--partitions N] [--node-id N --controller-quorum ID@HOST:PORT,... --cluster-id ID] [--property key=value]...";

        Arguments {
            if (dataDir == null) {
                throw new IllegalArgumentException("--data-dir is required");
            }
            if (port <= 0 || port > 65_535) {
                throw new IllegalArgumentException("--port must be in 1..65535, was " + port);
            }
            if (controllerPort <= 0 || controllerPort > 65_535 || controllerPort == port) {
                throw new IllegalArgumentException(
                        "--controller-port must be in 1..65535 and differ from --port, was " + controllerPort);
            }
            if (partitions < 1) {
                throw new IllegalArgumentException("--partitions must be at least 1, was " + partitions);
            }
            if (nodeId < 0) {
                throw new IllegalArgumentException("--node-id must not be negative, was " + nodeId);
            }
            properties = Map.copyOf(properties);
        }

        static Arguments parse(String[] args) {
            Path dataDir = null;
            int port = 0;
            int controllerPort = 0;
            int partitions = 3;
            int nodeId = 1;
            String quorumVoters = "";
            String clusterId = "";
            Map<String, String> properties = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                String value = args[++i];
                switch (name) {
                    case "--data-dir" -> dataDir = Path.of(value).toAbsolutePath();
                    case "--port" -> port = parseInt(name, value);
                    case "--controller-port" -> controllerPort = parseInt(name, value);
                    case "--partitions" -> partitions = parseInt(name, value);
                    case "--node-id" -> nodeId = parseInt(name, value);
                    case "--controller-quorum" -> quorumVoters = value.strip();
                    case "--cluster-id" -> clusterId = value.strip();
                    case "--property" -> {
                        int equals = value.indexOf('=');
                        if (equals <= 0) {
                            throw new IllegalArgumentException("--property must be key=value, was '" + value + "'");
                        }
                        properties.put(
                                value.substring(0, equals).strip(),
                                value.substring(equals + 1).strip());
                    }
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            return new Arguments(
                    dataDir, port, controllerPort, partitions, nodeId, quorumVoters, clusterId, properties);
        }

        private static int parseInt(String name, String value) {
            try {
                return Integer.parseInt(value.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a number, was '" + value + "'");
            }
        }
    }
}
