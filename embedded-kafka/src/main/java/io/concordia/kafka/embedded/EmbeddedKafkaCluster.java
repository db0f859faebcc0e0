package io.concordia.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * A KRaft cluster of several {@link EmbeddedKafkaBroker}s on 127.0.0.1, each node broker and controller in a child
 * JVM of its own with its own data folder ({@code node-1}, {@code node-2}, ... under the cluster's folder), for tests
 * and harnesses that must lose a broker: replication factor {@code size} and {@code min.insync.replicas}
 * {@code size - 1} for every topic, the internal ones included.
 *
 * <p>The nodes share one credentials file (node 1's, copied to the others before each start): the SCRAM users live in
 * the cluster's metadata and the nodes log in to each other with the broker's own password. Ports are chosen once
 * and kept, so a node restarted with {@link #restart(int)} rejoins as itself.
 */
public final class EmbeddedKafkaCluster implements AutoCloseable {

    private final Path dir;
    private final List<BrokerSettings> settings;
    private final EmbeddedKafkaBroker[] nodes;

    private EmbeddedKafkaCluster(Path dir, List<BrokerSettings> settings) {
        this.dir = dir;
        this.settings = settings;
        this.nodes = new EmbeddedKafkaBroker[settings.size()];
    }

    /**
     * Starts {@code size} nodes at once (a quorum of one node alone cannot elect a leader, so none would be ready
     * alone) and returns once every one accepts clients.
     *
     * @param template settings for every node (partitions, heap, broker properties); its data folder and port are
     *                 replaced per node
     */
    public static EmbeddedKafkaCluster start(Path dir, int size, BrokerSettings template) {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, was " + size);
        }
        int[] clientPorts = new int[size];
        int[] controllerPorts = new int[size];
        List<Integer> taken = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            clientPorts[i] = freePort(taken);
            controllerPorts[i] = freePort(taken);
        }
        StringBuilder voters = new StringBuilder();
        for (int i = 0; i < size; i++) {
            voters.append(i == 0 ? "" : ",")
                    .append(i + 1)
                    .append('@')
                    .append(EmbeddedKafkaBroker.HOST)
                    .append(':')
                    .append(controllerPorts[i]);
        }
        String clusterId = randomClusterId();
        String minIsr = Integer.toString(Math.max(1, size - 1));
        List<BrokerSettings> settings = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            BrokerSettings node = template.withDataDir(dir.resolve("node-" + (i + 1)))
                    .withPort(clientPorts[i])
                    .withNode(KraftNode.of(i + 1, controllerPorts[i], voters.toString(), clusterId))
                    .withBrokerProperty("default.replication.factor", Integer.toString(size))
                    .withBrokerProperty("min.insync.replicas", minIsr)
                    .withBrokerProperty("offsets.topic.replication.factor", Integer.toString(size))
                    .withBrokerProperty("transaction.state.log.replication.factor", Integer.toString(size))
                    .withBrokerProperty("transaction.state.log.min.isr", minIsr)
                    .withBrokerProperty("share.coordinator.state.topic.replication.factor", Integer.toString(size))
                    .withBrokerProperty("share.coordinator.state.topic.min.isr", minIsr);
            for (Map.Entry<String, String> p : template.brokerProperties().entrySet()) {
                node = node.withBrokerProperty(p.getKey(), p.getValue());
            }
            settings.add(node);
        }
        EmbeddedKafkaCluster cluster =
                new EmbeddedKafkaCluster(dir.toAbsolutePath().normalize(), List.copyOf(settings));
        try {
            List<CompletableFuture<EmbeddedKafkaBroker>> starting = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                int node = i;
                cluster.shareCredentials(node);
                starting.add(CompletableFuture.supplyAsync(() -> EmbeddedKafkaBroker.start(settings.get(node))));
            }
            RuntimeException failure = null;
            for (int i = 0; i < size; i++) {
                try {
                    cluster.nodes[i] = starting.get(i).join();
                } catch (CompletionException e) {
                    failure = failure != null ? failure : e.getCause() instanceof RuntimeException r ? r : e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    /** Every node's client address, comma-separated, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return settings.stream()
                .map(s -> EmbeddedKafkaBroker.HOST + ":" + s.port())
                .collect(Collectors.joining(","));
    }

    /** Like {@link EmbeddedKafkaBroker#clientProperties(String)}, with every node as a bootstrap server. */
    public Map<String, String> clientProperties(String user) {
        Map<String, String> properties = new LinkedHashMap<>(running().clientProperties(user));
        properties.put("bootstrap.servers", bootstrapServers());
        return properties;
    }

    public int size() {
        return nodes.length;
    }

    /** The node of this Kafka {@code node.id} (1 to size), or null while it is down. */
    public synchronized EmbeddedKafkaBroker node(int nodeId) {
        return nodes[nodeId - 1];
    }

    /** SIGKILL of one node, as a crashed machine. */
    public synchronized void kill(int nodeId) {
        EmbeddedKafkaBroker node = nodes[nodeId - 1];
        if (node != null) {
            node.kill();
            nodes[nodeId - 1] = null;
        }
    }

    /** Starts a node that is down on its folder and ports; returns once it accepts clients. */
    public EmbeddedKafkaBroker restart(int nodeId) {
        synchronized (this) {
            if (nodes[nodeId - 1] != null) {
                throw new IllegalStateException("node " + nodeId + " is running");
            }
        }
        shareCredentials(nodeId - 1);
        EmbeddedKafkaBroker node = EmbeddedKafkaBroker.start(settings.get(nodeId - 1));
        synchronized (this) {
            nodes[nodeId - 1] = node;
        }
        return node;
    }

    /** The folder of one node's data. */
    public Path dataDir(int nodeId) {
        return settings.get(nodeId - 1).dataDir();
    }

    /** Stops every running node, all at once (a controller alone waits for a quorum that has gone). */
    @Override
    public synchronized void close() {
        List<CompletableFuture<Void>> stopping = new ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            EmbeddedKafkaBroker node = nodes[i];
            if (node != null) {
                stopping.add(CompletableFuture.runAsync(node::stop));
                nodes[i] = null;
            }
        }
        stopping.forEach(CompletableFuture::join);
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaCluster[" + bootstrapServers() + ", " + dir + "]";
    }

    private EmbeddedKafkaBroker running() {
        for (EmbeddedKafkaBroker node : nodes) {
            if (node != null) {
                return node;
            }
        }
        throw new IllegalStateException("no node of " + dir + " is running");
    }

    /** Node 1's credentials file (generated at the first call) copied into the node's folder, owner-only. */
    private void shareCredentials(int node) {
        Path source = BrokerLayout.of(settings.get(0).dataDir()).credentialsFile();
        try {
            Files.createDirectories(source.getParent());
            BrokerCredentials.inFile(source);
            if (node > 0) {
                Path target = BrokerLayout.of(settings.get(node).dataDir()).credentialsFile();
                Files.createDirectories(target.getParent());
                Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot share the cluster's credentials with node " + (node + 1), e);
        }
    }

    /**
     * What Kafka's {@code Uuid.randomUuid().toString()} gives: 16 random bytes in unpadded base64url, drawn again when it
     * starts with '-' as Kafka's own does, since the storage tool would read such an id as an option (1 in 64 draws).
     */
    static String randomClusterId() {
        SecureRandom random = new SecureRandom();
        byte[] bytes = new byte[16];
        String id;
        do {
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        } while (id.startsWith("-"));
        return id;
    }

    private static int freePort(List<Integer> taken) {
        int port = LocalPorts.freeOtherThan(taken);
        taken.add(port);
        return port;
    }
}
