package io.concordia.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    @Test
    void shouldUseSingleNodeDefaults() {
        // when
        BrokerSettings settings = BrokerSettings.of(Path.of("data/kafka"));

        // then
        assertThat(settings.dataDir()).isAbsolute();
        assertThat(settings.port()).isZero();
        assertThat(settings.partitions()).isEqualTo(3);
        assertThat(settings.maxHeap()).isEqualTo("512m");
        assertThat(settings.brokerProperties()).isEmpty();
    }

    @Test
    void shouldRejectAPortOutOfRange() {
        assertThatThrownBy(() -> BrokerSettings.of(Path.of("d")).withPort(70_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port must be in 0..65535, was 70000");
    }

    @Test
    void shouldRejectAMalformedHeapSize() {
        assertThatThrownBy(() -> BrokerSettings.of(Path.of("d")).withMaxHeap("512 MB"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxHeap must look like 512m or 1g, was '512 MB'");
    }

    @Test
    void shouldRejectANonPositiveTimeout() {
        assertThatThrownBy(() -> BrokerSettings.of(Path.of("d")).withStartTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("startTimeout must be positive, was PT0S");
    }

    @Test
    void shouldKeepEarlierBrokerPropertiesWhenAddingOne() {
        // when
        BrokerSettings settings = BrokerSettings.of(Path.of("d"))
                .withBrokerProperty("log.retention.hours", "24")
                .withBrokerProperty("num.partitions", "6");

        // then
        assertThat(settings.brokerProperties())
                .containsEntry("log.retention.hours", "24")
                .containsEntry("num.partitions", "6");
    }
}
