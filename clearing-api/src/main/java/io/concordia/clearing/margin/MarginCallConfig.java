package io.concordia.clearing.margin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;

/** Margin calls and warnings. */
@ConfigMapping(prefix = "concordia.margin-calls")
public interface MarginCallConfig {

    /** Time a member has to meet a call before it is OVERDUE. */
    @WithDefault("PT60M")
    Duration deadline();

    /** Equity below this multiple of IM (while still at or above IM) sends a warning event. */
    @WithDefault("1.10")
    BigDecimal warningMultiple();
}
