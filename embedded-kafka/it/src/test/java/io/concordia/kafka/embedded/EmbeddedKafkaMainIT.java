package io.concordia.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmbeddedKafkaMainIT {

    @Test
    void shouldStopTheBrokerWhenItsLauncherIsKilled() throws Exception {
        // given the command a person runs, in its own JVM, on only this module's classes (no Kafka jars)
        Path dataDir = TestDataDirs.newDataDir("standalone");
        Process launcher = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        BrokerClasspath.ownLocation().toString(),
                        EmbeddedKafkaMain.class.getName(),
                        "--data-dir",
                        dataDir.toString(),
                        "--port",
                        "0")
                .redirectErrorStream(true)
                .start();
        long brokerPid;
        List<String> output = new ArrayList<>();
        try {
            brokerPid = readBrokerPid(launcher, output);
            assertThat(output).anyMatch(line -> line.contains("broker ready: bootstrap servers 127.0.0.1:"));
            assertThat(ProcessHandle.of(brokerPid)).get().matches(ProcessHandle::isAlive);
            assertThat(dataDir.resolve(EmbeddedKafkaMain.CLIENT_CONFIG))
                    .as("the publisher's kcat configuration")
                    .content()
                    .contains("sasl.username=publisher");

            // and a second launcher on the same data directory is refused while the first lives
            assertThatThrownBy(() -> EmbeddedKafkaBroker.start(dataDir, 0))
                    .isInstanceOf(BrokerStartException.class)
                    .hasMessageContaining("is in use by a running embedded Kafka broker (pid " + brokerPid + ")");
        } finally {
            // when
            launcher.destroyForcibly();
        }

        // then its standard input pipe is closed, and the broker shuts itself down
        Optional<ProcessHandle> broker = ProcessHandle.of(brokerPid);
        if (broker.isPresent()) {
            broker.get().onExit().get(30, TimeUnit.SECONDS);
        }
        assertThat(ProcessHandle.of(brokerPid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
    }

    @Test
    void shouldParseTheCommandLine() {
        // when
        BrokerSettings settings = EmbeddedKafkaMain.parse(new String[] {
            "--data-dir",
            "x/kafka",
            "--port",
            "19092",
            "--partitions",
            "6",
            "--max-heap",
            "1g",
            "--property",
            "log.retention.hours=24"
        });

        // then
        assertThat(settings.dataDir()).isEqualTo(Path.of("x/kafka").toAbsolutePath());
        assertThat(settings.port()).isEqualTo(19092);
        assertThat(settings.partitions()).isEqualTo(6);
        assertThat(settings.maxHeap()).isEqualTo("1g");
        assertThat(settings.brokerProperties()).containsEntry("log.retention.hours", "24");
    }

    @Test
    void shouldDefaultToPort9092AndDataKafka() {
        // when
        BrokerSettings settings = EmbeddedKafkaMain.parse(new String[0]);

        // then
        assertThat(settings.port()).isEqualTo(9092);
        assertThat(settings.dataDir()).isEqualTo(Path.of("data", "kafka").toAbsolutePath());
    }

    @Test
    void shouldRejectAnUnknownOption() {
        assertThatThrownBy(() -> EmbeddedKafkaMain.parse(new String[] {"--prot", "9092"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown option --prot");
    }

    private static long readBrokerPid(Process launcher, List<String> output) throws Exception {
        BufferedReader reader =
                new BufferedReader(new InputStreamReader(launcher.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String line;
        while (System.nanoTime() - deadline < 0 && (line = reader.readLine()) != null) {
            output.add(line);
            if (line.strip().startsWith("broker pid: ")) {
                return Long.parseLong(line.strip().substring("broker pid: ".length()));
            }
        }
        throw new AssertionError("The launcher printed no broker pid:\n" + String.join("\n", output));
    }
}
