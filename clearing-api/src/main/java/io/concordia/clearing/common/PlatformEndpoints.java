package io.concordia.clearing.common;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers 404 for the platform endpoints that {@link PlatformEndpointsConfig} switches off, before Quarkus's own
 * handlers see the request. Quarkus fixes whether metrics exist at build time; this makes it a run-time choice.
 */
@ApplicationScoped
public class PlatformEndpoints {

    /** Runs before every route of the application and of Quarkus. */
    private static final int BEFORE_EVERYTHING = 1_000;

    @Inject
    PlatformEndpointsConfig config;

    void register(@Observes Filters filters) {
        List<String> closed = new ArrayList<>();
        if (!config.metricsEnabled()) {
            closed.add("/q/metrics");
        }
        if (!config.apiDocsEnabled()) {
            closed.add("/q/openapi");
            closed.add("/q/swagger-ui");
        }
        if (closed.isEmpty()) {
            return;
        }
        filters.register(
                rc -> {
                    String path = rc.normalizedPath();
                    if (closed.stream().anyMatch(prefix -> path.equals(prefix) || path.startsWith(prefix + "/"))) {
                        rc.response().setStatusCode(404).end();
                    } else {
                        rc.next();
                    }
                },
                BEFORE_EVERYTHING);
    }
}
