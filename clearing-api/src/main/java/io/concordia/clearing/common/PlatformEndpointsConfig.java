package io.concordia.clearing.common;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which of Quarkus's own endpoints under {@code /q} answer. Health always does (probes need it). */
@ConfigMapping(prefix = "concordia.http")
public interface PlatformEndpointsConfig {

    /** Prometheus metrics at {@code /q/metrics}: unauthenticated, so only where the network is trusted. */
    @WithDefault("true")
    boolean metricsEnabled();

    /** The OpenAPI document at {@code /q/openapi} and Swagger UI at {@code /q/swagger-ui}. */
    @WithDefault("true")
    boolean apiDocsEnabled();
}
