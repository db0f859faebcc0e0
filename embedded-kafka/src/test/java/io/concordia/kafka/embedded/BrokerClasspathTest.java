package io.concordia.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerClasspathTest {

    @Test
    void shouldPutThisModuleFirstAndOnlyKafkaJarsOfOneVersionOnTheBrokerClasspath() {
        // when
        List<Path> entries = BrokerClasspath.entries();

        // then
        String version = BrokerClasspath.kafkaVersion();
        assertThat(version).isEqualTo("4.4.0");
        assertThat(entries.get(0)).isEqualTo(BrokerClasspath.ownLocation());
        assertThat(entries).allMatch(Files::exists);
        List<String> kafkaJars = entries.stream()
                .map(path -> path.getFileName().toString())
                .filter(name -> name.startsWith("kafka"))
                .toList();
        assertThat(kafkaJars)
                .contains(
                        "kafka_2.13-" + version + ".jar",
                        "kafka-server-" + version + ".jar",
                        "kafka-clients-" + version + ".jar")
                .allMatch(name -> name.endsWith("-" + version + ".jar"));
    }

    @Test
    void shouldNotLeakKafkaOntoTheClasspathOfADependent() throws Exception {
        // given the dependency tree a dependent sees: this module's dependencies are all optional or test-scoped
        String pom = Files.readString(Path.of("pom.xml"));
        String dependencies = pom.substring(pom.indexOf("<dependencies>", pom.indexOf("</dependencyManagement>")));

        // then
        for (String dependency : dependencies.split("<dependency>")) {
            if (dependency.contains("<artifactId>")) {
                assertThat(dependency).as(dependency).containsAnyOf("<optional>true</optional>", "<scope>test</scope>");
            }
        }
    }
}
