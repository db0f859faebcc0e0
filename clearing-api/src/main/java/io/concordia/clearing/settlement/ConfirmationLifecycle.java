package io.concordia.clearing.settlement;

import io.agroal.api.AgroalDataSource;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.kafka.ConsumerLoop;
import io.concordia.clearing.common.kafka.ConsumerOffsets;
import io.concordia.clearing.common.kafka.IngestConfig;
import io.concordia.clearing.common.kafka.IngestRecord;
import io.concordia.clearing.common.kafka.KafkaConnection;
import io.concordia.clearing.common.kafka.KafkaTopics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/** Consumes the custodian's confirmations ({@code settlement-confirmations}) with the application's life. */
@ApplicationScoped
public class ConfirmationLifecycle {

    private static final Logger LOG = Logger.getLogger(ConfirmationLifecycle.class);

    @Inject
    SettlementConfig config;

    @Inject
    IngestConfig ingest;

    @Inject
    ConfirmationService confirmations;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    MeterRegistry registry;

    @Inject
    KafkaConnection kafka;

    private ConsumerLoop<List<IngestRecord>, ConfirmationService.BatchResult> loop;
    private Thread thread;

    void onStart(@Observes StartupEvent event) {
        if (!config.confirmations().enabled()) {
            LOG.info("settlement confirmations not consumed (concordia.settlement.confirmations.enabled=false)");
            return;
        }
        for (ConfirmationService.Outcome outcome : ConfirmationService.Outcome.values()) {
            counter(outcome); // every outcome is in /q/metrics from the start, so an alert on REJECTED sees its first
            // one
        }
        String topic = config.confirmations().topic();
        String group = config.confirmations().groupId();
        KafkaTopics.ensure(kafka.properties(), List.of(topic));
        loop = new ConsumerLoop<>(
                "settlement-confirmations",
                kafka.properties(),
                group,
                500,
                ingest.topicRefresh(),
                Pattern.compile(Pattern.quote(topic)),
                records -> records,
                confirmations::apply,
                this::count,
                () -> stored(group),
                ingest.retryBackoff());
        loop.registerMetrics(registry);
        thread = new Thread(loop, "settlement-confirmations");
        thread.start();
    }

    /** The confirmations' consumer loop, empty when this instance does not consume them; for readiness. */
    public java.util.Optional<ConsumerLoop<List<IngestRecord>, ConfirmationService.BatchResult>> loop() {
        return java.util.Optional.ofNullable(loop);
    }

    /** Counts a committed batch's outcomes ({@code concordia_settlement_confirmations_total{outcome}} in /q/metrics). */
    private void count(ConfirmationService.BatchResult r) {
        LOG.debugf("confirmations: %d applied, %d duplicates, %d rejected", r.applied(), r.duplicates(), r.rejected());
        counter(ConfirmationService.Outcome.APPLIED).increment(r.applied());
        counter(ConfirmationService.Outcome.DUPLICATE).increment(r.duplicates());
        counter(ConfirmationService.Outcome.REJECTED).increment(r.rejected());
        if (r.rejected() > 0) {
            LOG.warnf(
                    "%d settlement confirmation(s) rejected: GET /api/v1/admin/settlement-confirmations?outcome=REJECTED",
                    r.rejected());
        }
    }

    private Counter counter(ConfirmationService.Outcome outcome) {
        return Counter.builder("concordia.settlement.confirmations")
                .description("custodian's settlement confirmations, by outcome")
                .tag("outcome", outcome.name())
                .register(registry);
    }

    void onStop(@Observes ShutdownEvent event) {
        if (loop != null) {
            loop.stop();
            try {
                thread.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Map<ConsumerOffsets.Partition, Long> stored(String group) {
        return Jdbc.with(dataSource, c -> ConsumerOffsets.stored(c, group));
    }
}
