package io.concordia.kafka.embedded;

import java.util.regex.Pattern;

/**
 * A broker's place in a KRaft cluster whose nodes are each broker and controller, with a static quorum.
 *
 * @param nodeId         Kafka's {@code node.id}
 * @param controllerPort this node's controller port; 0 for the port of the last start of its data directory, else a
 *                       free one (a cluster of one only: the other voters must know it in advance)
 * @param quorumVoters   {@code controller.quorum.voters} ({@code 1@127.0.0.1:9093,2@127.0.0.1:9094,...}); empty for a
 *                       cluster of one, whose only voter is this node
 * @param clusterId      the id every node's storage is formatted with (the same for all nodes of one cluster); empty
 *                       for a random one, for a cluster of one
 */
public record KraftNode(int nodeId, int controllerPort, String quorumVoters, String clusterId) {

    /** A cluster of one: node 1, its own only voter. */
    public static final KraftNode SINGLE = new KraftNode(1, 0, "", "");

    private static final Pattern VOTERS = Pattern.compile("[0-9]+@[^,@\\s]+:[0-9]+(,[0-9]+@[^,@\\s]+:[0-9]+)*");
    private static final Pattern CLUSTER_ID = Pattern.compile("[A-Za-z0-9_-]{22}");

    public KraftNode {
        if (nodeId < 0) {
            throw new IllegalArgumentException("nodeId must not be negative, was " + nodeId);
        }
        if (controllerPort < 0 || controllerPort > 65_535) {
            throw new IllegalArgumentException("controllerPort must be in 0..65535, was " + controllerPort);
        }
        if (quorumVoters == null
                || !quorumVoters.isEmpty() && !VOTERS.matcher(quorumVoters).matches()) {
            throw new IllegalArgumentException(
                    "quorumVoters must look like 1@127.0.0.1:9093,2@127.0.0.1:9094, was '" + quorumVoters + "'");
        }
        if (clusterId == null
                || !clusterId.isEmpty() && !CLUSTER_ID.matcher(clusterId).matches()) {
            throw new IllegalArgumentException(
                    "clusterId must be a Kafka cluster id (22 characters of base64url), was '" + clusterId + "'");
        }
        if (!quorumVoters.isEmpty() && controllerPort == 0) {
            throw new IllegalArgumentException(
                    "a node of a cluster needs its controller port, which the other voters know");
        }
    }

    /** One node of a cluster of several. */
    public static KraftNode of(int nodeId, int controllerPort, String quorumVoters, String clusterId) {
        return new KraftNode(nodeId, controllerPort, quorumVoters, clusterId);
    }

    boolean single() {
        return quorumVoters.isEmpty();
    }
}
