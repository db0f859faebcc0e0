package io.concordia.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import org.junit.jupiter.api.Test;

/** A cluster id the storage tool reads as an id: never one that starts with '-' (1 in 64 random draws would). */
class ClusterIdTest {

    @Test
    void shouldNeverStartWithADashAndAlwaysBeSixteenBytesOfBase64Url() {
        for (int i = 0; i < 5_000; i++) {
            String id = EmbeddedKafkaCluster.randomClusterId();
            assertThat(id).doesNotStartWith("-").hasSize(22);
            assertThat(Base64.getUrlDecoder().decode(id)).hasSize(16);
        }
    }
}
