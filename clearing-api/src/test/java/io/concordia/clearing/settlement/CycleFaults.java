package io.concordia.clearing.settlement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Stops a settlement cycle at a chosen point, once, as a crash would: inside a step's transaction (which rolls back)
 * or between two steps (the first committed, the second never ran).
 */
@ApplicationScoped
public class CycleFaults {

    private static volatile CycleStep.Point armed;

    static void arm(CycleStep.Point point) {
        armed = point;
    }

    static void disarm() {
        armed = null;
    }

    void on(@Observes CycleStep step) {
        if (step.point() == armed) {
            armed = null;
            throw new IllegalStateException("injected crash of cycle " + step.cycle() + " at " + step.point());
        }
    }
}
