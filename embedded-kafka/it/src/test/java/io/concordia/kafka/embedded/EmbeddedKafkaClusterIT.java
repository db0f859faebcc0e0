package io.concordia.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaClusterIT {

    @Test
    void shouldKeepEveryAcknowledgedRecordWhenThePartitionLeaderIsKilledAndRestarted() throws Exception {
        // given three nodes, a topic replicated three times with min.insync.replicas 2
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.start(
                TestDataDirs.newDataDir("cluster"),
                3,
                BrokerSettings.of(TestDataDirs.newDataDir("cluster-template")).withMaxHeap("256m"))) {
            Map<String, Object> connection = new HashMap<>(cluster.clientProperties(BrokerCredentials.APPLICATION));
            int leader;
            try (Admin admin = Admin.create(connection)) {
                admin.createTopics(List.of(new NewTopic("trades.venue-a", 1, (short) 3)))
                        .all()
                        .get(30, TimeUnit.SECONDS);
                TopicDescription topic = describeOnceEveryNodeKnowsIt(admin, "trades.venue-a");
                assertThat(topic.partitions().get(0).replicas()).hasSize(3);
                leader = topic.partitions().get(0).leader().id();
                assertThat(admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                                        org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "trades.venue-a")))
                                .all()
                                .get(30, TimeUnit.SECONDS)
                                .values()
                                .iterator()
                                .next()
                                .get("min.insync.replicas")
                                .value())
                        .isEqualTo("2");
            }
            List<String> before =
                    IntStream.range(0, 20).mapToObj(i -> "before-" + i).toList();
            KafkaClients.produce(connection, "trades.venue-a", before);

            // when the leader dies, more records are acknowledged by the two others, and it comes back
            cluster.kill(leader);
            List<String> during =
                    IntStream.range(0, 20).mapToObj(i -> "during-" + i).toList();
            KafkaClients.produce(connection, "trades.venue-a", during);
            cluster.restart(leader);

            // then nothing acknowledged is lost, and the restarted node reads what it missed
            List<String> consumed = KafkaClients.consumeInGroup(connection, "trades.venue-a", "clearing", 40);
            assertThat(consumed)
                    .containsExactlyInAnyOrderElementsOf(
                            java.util.stream.Stream.concat(before.stream(), during.stream())
                                    .toList());
            assertThat(cluster.node(leader).isAlive()).isTrue();
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
        }
    }

    /**
     * Creating a topic returns once the controller has it; the node the next request lands on may not have
     * the new metadata yet and answers that it does not host the partition. Asked again, it catches up.
     */
    private static TopicDescription describeOnceEveryNodeKnowsIt(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                TopicDescription description = admin.describeTopics(List.of(topic))
                        .allTopicNames()
                        .get(30, TimeUnit.SECONDS)
                        .get(topic);
                if (description.partitions().get(0).leader() != null) {
                    return description;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the partition of " + topic + " has no leader after 30 s");
            }
            Thread.sleep(100);
        }
    }
}
