package io.concordia.clearing.outbox;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.DatabaseFigure;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.health.api.Wellness;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Whether this instance's outbox relay publishes ({@code /q/health/well}, check {@code outbox-relay}): DOWN when its
 * loop has died or has not completed a pass for a minute (Kafka unreachable, say), with the backlog as data. Only one
 * relay publishes at a time; the others' passes find the lock taken and complete at once. The backlog and the age of
 * the oldest unpublished event are gauges in {@code /q/metrics}: an alert on the age sees a relay that is stuck
 * everywhere.
 */
@Wellness
@ApplicationScoped
public class OutboxRelayHealth implements HealthCheck {

    /** Longer than the relay's longest back-off (30 s) plus a large batch. */
    static final Duration PASS_WITHIN = Duration.ofSeconds(60);

    private static final String BACKLOG = "SELECT count(*) FROM outbox WHERE published_at IS NULL";
    private static final String OLDEST_AGE =
            "SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0) FROM outbox "
                    + "WHERE published_at IS NULL";

    @Inject
    OutboxRelay relay;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Inject
    Clock clock;

    void registerGauges(@Observes StartupEvent event) {
        DatabaseFigure.gauge(
                registry, dataSource, "concordia.outbox.backlog", "outbox events not yet published", BACKLOG);
        DatabaseFigure.gauge(
                registry,
                dataSource,
                "concordia.outbox.oldest.unpublished.seconds",
                "age of the oldest event not yet published",
                OLDEST_AGE);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("outbox-relay").up();
        if (relay.loop().isEmpty()) {
            return response.withData("relay", "disabled").build();
        }
        String state = relay.loop().get().state(clock.instant(), PASS_WITHIN);
        response.withData("relay", state);
        if (!state.equals("working")) {
            response.down();
        }
        return response.withData("backlog", (long) DatabaseFigure.read(dataSource, BACKLOG))
                .build();
    }
}
