package io.concordia.clearing.settlement;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.outbox.OutboxRelay;
import io.concordia.clearing.settlement.SettlementDtos.Cycle;
import io.concordia.clearing.settlement.SettlementDtos.RunCycle;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs cycles through their steps ({@link CycleService}): on the schedule, on an operator's demand, and at start-up
 * for a cycle a crash left unfinished. Steps are transactions of their own; this class holds none, so a failure
 * between two steps leaves the cycle at the last committed one, and {@link #resume} takes it from there.
 */
@ApplicationScoped
public class SettlementRunner {

    private static final Logger LOG = Logger.getLogger(SettlementRunner.class);
    /** The actor of scheduled cycles and start-up recovery in the ledger and the audit log. */
    static final String SCHEDULER = "system:settlement-scheduler";

    @Inject
    CycleService cycles;

    @Inject
    CycleReads reads;

    @Inject
    SettlementConfig config;

    @Inject
    OutboxRelay relay;

    @Inject
    Event<CycleStep> steps;

    /** An operator's cycle, now: freeze, post, publish. */
    public Cycle runNow(String actor, RunCycle request) {
        long id = cycles.freeze(CycleOrigin.OPERATOR, null, actor, request);
        steps.fire(new CycleStep(id, reads.get(id).code(), CycleStep.Point.FROZEN));
        complete(id, actor);
        return reads.get(id);
    }

    /** Finishes a cycle from the step it reached; a finished cycle is left as it is. */
    public Cycle resume(String idOrCode, String actor) {
        long id = cycles.recordResume(idOrCode, actor);
        complete(id, actor);
        return reads.get(id);
    }

    /**
     * The scheduled cycle of a slot: first finishes a cycle a crash left unfinished, then runs the slot's cycle unless
     * another instance already did.
     */
    public void runScheduled(Instant slot) {
        cycles.unfinished().ifPresent(id -> complete(id, SCHEDULER));
        String code = CycleService.slotCode(slot);
        if (cycles.exists(code)) {
            LOG.infof("settlement cycle %s already ran", code);
            return;
        }
        try {
            long id = cycles.freeze(CycleOrigin.SCHEDULED, code, SCHEDULER, RunCycle.NONE);
            steps.fire(new CycleStep(id, code, CycleStep.Point.FROZEN));
            complete(id, SCHEDULER);
        } catch (ApiProblem e) {
            // another instance is on it (CYCLE_EXISTS, CYCLE_RUNNING, CYCLE_UNFINISHED), or the asset is missing
            LOG.warnf("scheduled settlement cycle %s not run: %s %s", code, e.code(), e.getMessage());
        }
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.resumeOnStart()) {
            return;
        }
        Thread t = new Thread(
                () -> {
                    try {
                        Optional<Long> open = cycles.unfinished();
                        if (open.isPresent()) {
                            LOG.infof("finishing settlement cycle %d left unfinished by the last run", open.get());
                            complete(open.get(), SCHEDULER);
                        }
                    } catch (RuntimeException e) {
                        LOG.warnf("cannot finish the unfinished settlement cycle at start-up: %s", e.toString());
                    }
                },
                "settlement-recovery");
        t.setDaemon(true);
        t.start();
    }

    private void complete(long id, String actor) {
        if (cycles.post(id, actor)) {
            steps.fire(new CycleStep(id, reads.get(id).code(), CycleStep.Point.POSTED));
        }
        if (cycles.publish(id)) {
            relay.wake();
            steps.fire(new CycleStep(id, reads.get(id).code(), CycleStep.Point.PUBLISHED));
        }
    }
}
