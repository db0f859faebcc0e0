package io.concordia.clearing.mark;

import io.concordia.margin.mark.MarkCalculator;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.math.BigDecimal;
import java.time.Duration;

/** How venue prices become the harmonized mark, and how far it may move before an operator must look. */
@ConfigMapping(prefix = "concordia.marks")
public interface MarkConfig {

    /** Venue prices older than this are stale and ignored. */
    @WithDefault("PT60S")
    Duration maxAge();

    /** Prices further than this fraction from the median are outliers and ignored. */
    @WithDefault("0.05")
    BigDecimal band();

    /**
     * Usable venue prices needed for a new mark, whatever the number of venues listing the product: a product listed
     * on fewer venues is marked by operators.
     */
    @WithDefault("2")
    int minSources();

    /** A new mark further than this fraction from a mark in force during the last {@link #maxMoveInterval} is held. */
    @WithDefault("0.10")
    BigDecimal maxMove();

    /** The interval {@link #maxMove} applies to. */
    @WithDefault("PT5M")
    Duration maxMoveInterval();

    /** The rules as the calculator takes them; an invalid setting fails here, naming it. */
    static MarkCalculator.Rules rules(MarkConfig config) {
        return MarkCalculator.Rules.of(config.maxAge(), config.band(), config.minSources(), config.maxMove());
    }
}
