package io.concordia.kafka.embedded.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.kafka.embedded.BrokerCredentials;
import io.concordia.kafka.embedded.BrokerLayout;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

class BrokerMainTest {

    private static final BrokerLayout LAYOUT = BrokerLayout.of(Path.of("data", "kafka"));
    private static final BrokerCredentials CREDENTIALS = new BrokerCredentials(Map.of(
            "broker",
            "broker-password-0123456789",
            "concordia",
            "application-password-0123456789",
            "publisher",
            "publisher-password-0123456789"));

    @Test
    void shouldGiveEveryInternalTopicReplicationFactorAndMinIsrOne() {
        // when
        Properties properties = BrokerMain.brokerProperties(arguments("--partitions", "5"), LAYOUT, CREDENTIALS);
        KafkaConfig config = KafkaConfig.fromProps(properties, false);

        // then Kafka itself accepts the configuration and reads back single-node values
        assertThat(config.processRoles().size()).isEqualTo(2);
        assertThat(config.numPartitions()).isEqualTo(5);
        assertThat(config.defaultReplicationFactor()).isEqualTo(1);
        assertThat(properties)
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1")
                .containsEntry("share.coordinator.state.topic.replication.factor", "1")
                .containsEntry("share.coordinator.state.topic.min.isr", "1")
                .containsEntry("group.initial.rebalance.delay.ms", "0")
                .containsEntry("auto.create.topics.enable", "true")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
                .containsEntry("advertised.listeners", "CLIENT://127.0.0.1:19092")
                .containsEntry("log.dirs", LAYOUT.kraftDir().toString());
    }

    @Test
    void shouldAuthenticateOnEveryListener() {
        // when
        Properties properties = BrokerMain.brokerProperties(arguments(), LAYOUT, CREDENTIALS);
        KafkaConfig.fromProps(properties, false);

        // then no listener is plaintext: clients log in with SCRAM (the publisher also with PLAIN, for kcat), the
        // node itself with PLAIN
        assertThat(properties)
                .containsEntry("listener.security.protocol.map", "CLIENT:SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT")
                .containsEntry("listener.name.client.sasl.enabled.mechanisms", "SCRAM-SHA-256,PLAIN")
                .containsEntry("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        assertThat(properties.getProperty("listener.name.controller.plain.sasl.jaas.config"))
                .as("the controller listener's PLAIN knows the broker's own user only")
                .contains("user_broker=\"broker-password-0123456789\"")
                .doesNotContain("user_concordia", "user_publisher");
        assertThat(properties.getProperty("listener.name.client.plain.sasl.jaas.config"))
                .as("the client listener's PLAIN knows the broker and the publisher, never the application")
                .contains(
                        "user_broker=\"broker-password-0123456789\"",
                        "user_publisher=\"publisher-password-0123456789\"")
                .doesNotContain("user_concordia");
    }

    @Test
    void shouldLetTheCallerOverrideADefault() {
        // when
        Properties properties =
                BrokerMain.brokerProperties(arguments("--property", "log.retention.hours=24"), LAYOUT, CREDENTIALS);

        // then
        assertThat(properties).containsEntry("log.retention.hours", "24");
    }

    @Test
    void shouldRejectAControllerPortEqualToTheClientPort() {
        assertThatThrownBy(() -> BrokerMain.Arguments.parse(
                        new String[] {"--data-dir", "d", "--port", "19092", "--controller-port", "19092"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--controller-port must be in 1..65535 and differ from --port, was 19092");
    }

    @Test
    void shouldJoinTheVotersOfItsClusterAsItsOwnNode() {
        // when
        Properties properties = BrokerMain.brokerProperties(
                arguments(
                        "--node-id",
                        "2",
                        "--controller-quorum",
                        "1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097"),
                LAYOUT,
                CREDENTIALS);

        // then
        assertThat(properties)
                .containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097");
        assertThat(BrokerMain.brokerProperties(arguments(), LAYOUT, CREDENTIALS))
                .as("alone, node 1 is its own only voter")
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093");
    }

    private static BrokerMain.Arguments arguments(String... extra) {
        String[] base = {"--data-dir", LAYOUT.dataDir().toString(), "--port", "19092", "--controller-port", "19093"};
        String[] all = new String[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return BrokerMain.Arguments.parse(all);
    }
}
