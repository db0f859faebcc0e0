package io.concordia.clearing.settlement;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;

/** Settlement cycles and the custodian's confirmation feed. */
@ConfigMapping(prefix = "concordia.settlement")
public interface SettlementConfig {

    /**
     * When cycles run, a Quartz-style cron expression in UTC (seconds first); {@code off} runs them on operator
     * demand only. Default: 00:00 and 12:00 UTC.
     */
    @WithDefault("0 0 0,12 * * ?")
    String cron();

    /** The asset cycles settle in: every product of margin model v1 is USD-settled. The asset must exist. */
    @WithDefault("USD")
    String currency();

    /** Clearing fee, a fraction of each trade's notional, charged in the cycle that settles the trade (1 bp). */
    @WithDefault("0.0001")
    BigDecimal feeRate();

    /** Whether an instance finishes a cycle that a crash left unfinished when it starts. */
    @WithDefault("true")
    boolean resumeOnStart();

    /** The custodian's confirmations of instructions. */
    Confirmations confirmations();

    /** The Kafka feed of confirmations: {@code {"instructionId": 1, "status": "SETTLED"|"FAILED", ...}}. */
    interface Confirmations {

        /** Whether this instance consumes the feed. */
        @WithDefault("true")
        boolean enabled();

        /** The topic. */
        @WithDefault("settlement-confirmations")
        String topic();

        /** The consumer group all instances share. */
        @WithDefault("concordia-settlement")
        String groupId();
    }
}
