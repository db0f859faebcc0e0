package io.concordia.clearing.margin;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.BackgroundLoop;
import io.concordia.clearing.common.DatabaseFigure;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Whether this instance's margin worker does its work ({@code /q/health/well}, check {@code margin-worker}): DOWN when
 * one of its loops has died or has not completed a pass for a minute, with each loop's state, the queue's depth and
 * the accounts set aside as data. It is a wellness check, not a readiness one: an instance whose worker fails still
 * answers members and takes trades, and the other instances margin the queue. The same figures are gauges in
 * {@code /q/metrics}.
 */
@Wellness
@ApplicationScoped
public class MarginWorkerHealth implements HealthCheck {

    /** Longer than the longest back-off of a loop (30 s) plus a large batch. */
    static final Duration PASS_WITHIN = Duration.ofSeconds(60);

    private static final String QUEUED = "SELECT count(*) FROM margin_queue";
    private static final String SET_ASIDE = "SELECT count(*) FROM margin_queue WHERE attempts > 0";

    @Inject
    MarginWorker worker;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    void registerGauges(@Observes StartupEvent event) {
        DatabaseFigure.gauge(
                registry, dataSource, "concordia.margin.queue.depth", "accounts waiting to be re-margined", QUEUED);
        DatabaseFigure.gauge(
                registry,
                dataSource,
                "concordia.margin.queue.set.aside",
                "queued accounts whose margin failed, waiting to be tried again",
                SET_ASIDE);
        Gauge.builder(
                        "concordia.margin.loops.failing",
                        this,
                        h -> h.worker.loops().stream()
                                .filter(l -> l.failuresInARow() > 0)
                                .count())
                .description("margin worker loops whose last pass failed")
                .register(registry);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("margin-worker").up();
        Instant now = clock.instant();
        for (BackgroundLoop loop : worker.loops()) {
            String state = loop.state(now, PASS_WITHIN);
            response.withData(loop.name(), state);
            if (!state.equals("working")) {
                response.down();
            }
        }
        response.withData("queued", (long) DatabaseFigure.read(dataSource, QUEUED));
        response.withData("setAside", (long) DatabaseFigure.read(dataSource, SET_ASIDE));
        return response.build();
    }
}
