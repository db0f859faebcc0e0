package io.concordia.clearing.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The relay that publishes the outbox to Kafka. */
@ConfigMapping(prefix = "concordia.outbox")
public interface OutboxConfig {

    /** Whether this instance runs a relay. Several may: only one publishes at a time. */
    @WithDefault("true")
    boolean enabled();

    /** How often the relay looks for unpublished events when it found none the last time. */
    @WithDefault("PT0.1S")
    Duration pollInterval();

    /** Events published per round trip. */
    @WithDefault("500")
    int batchSize();
}
