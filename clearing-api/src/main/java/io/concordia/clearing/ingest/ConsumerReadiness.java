package io.concordia.clearing.ingest;

import io.concordia.clearing.common.kafka.ConsumerLoop;
import io.concordia.clearing.settlement.ConfirmationLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of this instance's consumers (trades, prices, the custodian's confirmations): DOWN when a consumer loop
 * has died or has not come back to poll for a minute (a batch or a poll that hangs), so that a load balancer and an
 * operator see an instance that takes part in the group without doing its share. The datasource has its own
 * readiness check; together they are what {@code /q/health/ready} answers.
 */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    /** Longer than the longest retry backoff of a loop (30 s) plus a large batch. */
    static final Duration POLL_WITHIN = Duration.ofSeconds(60);

    @Inject
    IngestLifecycle ingest;

    @Inject
    ConfirmationLifecycle confirmations;

    @Override
    public HealthCheckResponse call() {
        List<ConsumerLoop<?, ?>> loops = new ArrayList<>(ingest.loops());
        confirmations.loop().ifPresent(loops::add);
        HealthCheckResponseBuilder response =
                HealthCheckResponse.named("kafka-consumers").up();
        for (ConsumerLoop<?, ?> loop : loops) {
            boolean polling = loop.pollingWithin(POLL_WITHIN);
            response.withData(loop.name(), polling ? "polling" : "not polling for " + POLL_WITHIN.toSeconds() + " s");
            if (!polling) {
                response.down();
            }
        }
        return response.build();
    }
}
