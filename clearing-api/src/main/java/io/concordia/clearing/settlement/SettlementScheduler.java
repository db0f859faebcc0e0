package io.concordia.clearing.settlement;

import io.quarkus.scheduler.Scheduled;
import io.quarkus.scheduler.ScheduledExecution;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs the settlement cycles of the schedule ({@code concordia.settlement.cron}, UTC). Every instance ticks; the
 * cycle's code is its slot, unique in the database, so one instance runs it and the others find it done.
 */
@ApplicationScoped
public class SettlementScheduler {

    private static final Logger LOG = Logger.getLogger(SettlementScheduler.class);

    @Inject
    SettlementRunner runner;

    @Scheduled(
            identity = "settlement-cycle",
            cron = "${concordia.settlement.cron}",
            timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick(ScheduledExecution execution) {
        try {
            runner.runScheduled(execution.getScheduledFireTime());
        } catch (RuntimeException e) {
            LOG.errorf(e, "scheduled settlement cycle failed; it is finished by the next run or POST .../resume");
        }
    }
}
