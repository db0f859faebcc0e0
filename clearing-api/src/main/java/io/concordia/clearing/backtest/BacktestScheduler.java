package io.concordia.clearing.backtest;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Takes the daily backtest snapshot ({@code concordia.backtest.cron}, UTC). Every instance ticks; the snapshot is keyed
 * by its day, so one instance takes it and the others find it taken.
 */
@ApplicationScoped
public class BacktestScheduler {

    private static final Logger LOG = Logger.getLogger(BacktestScheduler.class);

    @Inject
    BacktestService backtests;
    /** Injected so that its mapping, and the cron's default with it, is registered for the expression below. */
    @Inject
    BacktestConfig config;

    @Scheduled(
            identity = "backtest-snapshot",
            cron = "${concordia.backtest.cron}",
            timeZone = "UTC",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            backtests.snapshotToday("scheduler");
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "daily backtest snapshot failed; an operator can take it with POST /api/v1/admin/backtests/snapshots");
        }
    }
}
