package io.concordia.clearing.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** The operator console's sign-in. */
@ConfigMapping(prefix = "concordia.console")
public interface ConsoleConfig {

    /** How long a session lasts after sign-in; a person signs in again after it. */
    @WithDefault("PT8H")
    Duration sessionTtl();

    /** How long a one-time sign-in link works: long enough to hand it over, short enough that a stray copy is dead. */
    @WithDefault("PT15M")
    Duration signInTtl();

    /** Whether the embedded default prints a one-time link for its operator at start. */
    @WithDefault("true")
    boolean startUpLink();
}
