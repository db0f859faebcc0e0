package io.concordia.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaBrokerIT {

    @Test
    void shouldProduceAndConsumeThroughAConsumerGroup() throws Exception {
        // given
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(TestDataDirs.newDataDir("produce"), 0)) {
            KafkaClients.createTopic(broker, "trades.venue-a", 3);
            List<String> trades =
                    IntStream.range(0, 50).mapToObj(i -> "trade-" + i).toList();

            // when
            KafkaClients.produce(broker, "trades.venue-a", trades);
            List<String> consumed = KafkaClients.consumeInGroup(broker, "trades.venue-a", "clearing", trades.size());

            // then
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + broker.port());
            assertThat(consumed).containsExactlyInAnyOrderElementsOf(trades);
            assertThat(KafkaClients.committedOffsets(broker, "clearing")).isEqualTo(50);
        }
    }

    @Test
    void shouldLeaveCtrlCToItsLauncher() throws Exception {
        // given
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(TestDataDirs.newDataDir("sigint"), 0)) {
            // when the terminal's Ctrl-C reaches the broker's JVM too (it is in the launcher's process group)
            new ProcessBuilder("kill", "-INT", Long.toString(broker.pid()))
                    .start()
                    .waitFor();
            Thread.sleep(2_000);

            // then it keeps serving until its launcher stops it, after the application
            assertThat(broker.isAlive()).isTrue();
            KafkaClients.produce(broker, "after-sigint", List.of("still here"));
        }
    }

    @Test
    void shouldKeepRecordsOffsetsAndPortAcrossARestartAndStartAgainFromTheClassArchive() throws Exception {
        Path cache = TestDataDirs.newDataDir("class-archive");
        String before = System.getProperty(BrokerClassArchive.DIRECTORY_PROPERTY);
        System.setProperty(BrokerClassArchive.DIRECTORY_PROPERTY, cache.toString());
        try {
            // given: the packaged jar and Kafka's jars, which the JVM can archive (a classes directory it cannot)
            assertThat(BrokerClasspath.entries()).noneMatch(Files::isDirectory);
            Path dataDir = TestDataDirs.newDataDir("restart");
            List<String> trades = List.of("t1", "t2", "t3", "t4", "t5");
            // Writing the class archive lengthens the stop, most of all on a machine the rest of the build keeps
            // busy; a stop cut short at the default 30 s keeps no archive, by design, so this one may take longer.
            EmbeddedKafkaBroker first = EmbeddedKafkaBroker.start(
                    BrokerSettings.of(dataDir).withPort(0).withStopTimeout(Duration.ofMinutes(3)));
            int firstPort = first.port();
            KafkaClients.produce(first, "trades.auto-created", trades);
            KafkaClients.consumeInGroup(first, "trades.auto-created", "clearing", 3);

            // when
            first.stop();
            int exitCode = first.awaitExit();
            try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.start(dataDir, 0)) {
                List<String> readAgain =
                        KafkaClients.consumeInGroup(second, "trades.auto-created", "auditor", trades.size());

                // then
                assertThat(exitCode).as("graceful stop exit code").isZero();
                assertThat(first.isAlive()).isFalse();
                assertThat(second.port()).isEqualTo(firstPort);
                assertThat(readAgain).containsExactlyInAnyOrderElementsOf(trades);
                assertThat(KafkaClients.committedOffsets(second, "clearing")).isEqualTo(5);
                // the first wrote the class archive as it stopped, the second started from it
                try (Stream<Path> files = Files.list(cache)) {
                    assertThat(files.map(f -> f.getFileName().toString()))
                            .singleElement()
                            .asString()
                            .endsWith(".jsa");
                }
                assertThat(arguments(second)).anyMatch(a -> a.startsWith("-XX:SharedArchiveFile=" + cache));
                assertThat(Files.readString(BrokerLayout.of(dataDir).stdoutLog()))
                        .as("the JVM mapped the archive without a complaint")
                        .doesNotContain("[cds");
            }
        } finally {
            if (before == null) {
                System.clearProperty(BrokerClassArchive.DIRECTORY_PROPERTY);
            } else {
                System.setProperty(BrokerClassArchive.DIRECTORY_PROPERTY, before);
            }
        }
    }

    @Test
    void shouldFailClearlyWhenThePortIsTaken() throws Exception {
        // given
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName(EmbeddedKafkaBroker.HOST))) {
            Path dataDir = TestDataDirs.newDataDir("port-taken");

            // when / then
            long started = System.nanoTime();
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, taken.getLocalPort()))
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageContaining("port " + taken.getLocalPort())
                    .hasMessageContaining("already in use");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        }
    }

    @Test
    void shouldReportTheBrokerOutputWhenTheBrokerCannotStart() {
        // given a setting Kafka rejects, so the child JVM starts and then fails
        BrokerSettings settings = BrokerSettings.of(TestDataDirs.newDataDir("bad-config"))
                .withBrokerProperty("log.retention.hours", "not-a-number");

        // when / then
        long started = System.nanoTime();
        assertThatThrownBy(() -> EmbeddedKafkaBroker.start(settings))
                .isInstanceOf(BrokerStartException.class)
                .hasMessageContaining("exited with code 1 before it was ready")
                .hasMessageContaining("--- last lines of")
                .hasMessageContaining("log.retention.hours");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void shouldStopABrokerLeftRunningOnTheSameDataDirBeforeStarting() throws Exception {
        // given a broker this JVM started and lost track of
        Path dataDir = TestDataDirs.newDataDir("leftover");
        EmbeddedKafkaBroker leftover = EmbeddedKafkaBroker.start(dataDir, 0);

        // when
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, 0)) {

            // then
            assertThat(leftover.isAlive()).isFalse();
            assertThat(broker.isAlive()).isTrue();
            KafkaClients.produce(broker, "after-leftover", List.of("ok"));
        } finally {
            leftover.stop();
        }
    }

    private static List<String> arguments(EmbeddedKafkaBroker broker) {
        return ProcessHandle.of(broker.pid())
                .flatMap(p -> p.info().arguments())
                .map(List::of)
                .orElseThrow();
    }
}
