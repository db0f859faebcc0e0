package io.concordia.margin.replication;

import io.concordia.margin.model.MarginAccount;
import io.concordia.margin.model.ScenarioSet;
import io.concordia.margin.model.Schedule;
import io.concordia.margin.model.StressSet;

/**
 * One replication request (docs/margin-model.md §6).
 *
 * @param schedule the schedule
 * @param scenarios the scenario set
 * @param stress the stress set given in the request, or {@code null} for the schedule's default pair
 * @param account the portfolio to margin
 */
public record ReplicationRequest(Schedule schedule, ScenarioSet scenarios, StressSet stress, MarginAccount account) {

    /** Validates presence. @throws IllegalArgumentException if a required part is null */
    public ReplicationRequest {
        if (schedule == null || scenarios == null || account == null) {
            throw new IllegalArgumentException("schedule, scenarios and portfolio are required");
        }
    }
}
