package io.concordia.clearing.margin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The margin worker: event-driven re-margining and full runs. */
@ConfigMapping(prefix = "concordia.margin")
public interface MarginConfig {

    /** Whether this instance re-margins accounts. Several may: they never take the same account at once. */
    @WithDefault("true")
    boolean enabled();

    /** Accounts re-margined per transaction from the queue. */
    @WithDefault("2000")
    int batchSize();

    /** Accounts per chunk of a full run; instances claim chunks. */
    @WithDefault("5000")
    int runChunkSize();

    /**
     * Threads re-margining queued accounts, each its own share of them (by account id), so that one's database work
     * and another's computation overlap.
     */
    @WithDefault("2")
    int queueThreads();

    /** Threads running full-run chunks besides the main worker, so that database and computation overlap. */
    @WithDefault("1")
    int extraRunThreads();

    /** How often the worker looks at the queue when nothing woke it. */
    @WithDefault("PT0.05S")
    Duration pollInterval();

    /** How often a full margin run is started on its own (operators can start one at any time). */
    @WithDefault("PT1H")
    Duration fullRunInterval();
}
