package io.concordia.clearing.common.kafka;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Kafka ingestion of trades and prices. */
@ConfigMapping(prefix = "concordia.ingest")
public interface IngestConfig {

    /** Whether this instance consumes the venues' topics. */
    @WithDefault("true")
    boolean enabled();

    /** The consumer group shared by all instances; partitions spread across them. */
    @WithDefault("concordia")
    String groupId();

    /** Records per poll, and so per database transaction. */
    @WithDefault("5000")
    int maxPollRecords();

    /** How far in the future an execution time may lie before the trade is refused (clocks differ). */
    @WithDefault("PT5M")
    Duration maxClockSkew();

    /** Pause before retrying a batch after a transient failure (database down), doubled up to 30 s. */
    @WithDefault("PT0.5S")
    Duration retryBackoff();

    /** How often the consumers look for new venue topics. */
    @WithDefault("PT5S")
    Duration topicRefresh();
}
