package io.concordia.clearing.mark;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;

/** How venue prices become the harmonized mark. */
@ConfigMapping(prefix = "concordia.marks")
public interface MarkConfig {

    /** Venue prices older than this are stale and ignored. */
    @WithDefault("PT60S")
    Duration maxAge();

    /** Prices further than this fraction from the median are outliers and ignored. */
    @WithDefault("0.05")
    BigDecimal band();

    /** Usable venue prices needed for a new mark (fewer when fewer venues list the product). */
    @WithDefault("2")
    int minSources();
}
