package io.concordia.margin.scenario;

import io.concordia.margin.model.ScenarioSet;
import java.time.LocalDate;

/**
 * A scenario set with the record docs/margin-model.md ("Building a scenario set", step 6) asks it to carry: the model
 * version and parameters it was built under, its first and last dates, and what it was built from.
 *
 * @param modelVersion the rules it was built under
 * @param parameters {@code h}, {@code lambda}, {@code phi}, {@code F}, {@code W}
 * @param checks the input checks' settings (calendar, minimum history, accepted spikes)
 * @param set the scenarios; scenario {@code s} is the window ending on the {@code s}-th date from {@code firstDate}
 * @param firstDate the date of the first scenario (the close that ends its window)
 * @param lastDate the date of the last scenario, the history's last close
 * @param closesFirstDate the date of the first close
 * @param closesCount closes per underlying, {@code T + 1}
 * @param closesSha256 SHA-256 of the closes' canonical form ({@link CheckedHistory})
 */
public record ScenarioSetBuild(
        ModelVersion modelVersion,
        FhsParameters parameters,
        HistoryChecks checks,
        ScenarioSet set,
        LocalDate firstDate,
        LocalDate lastDate,
        LocalDate closesFirstDate,
        int closesCount,
        String closesSha256) {

    /** Validates. @throws IllegalArgumentException on a missing part */
    public ScenarioSetBuild {
        if (modelVersion == null
                || parameters == null
                || checks == null
                || set == null
                || firstDate == null
                || lastDate == null
                || closesFirstDate == null
                || closesSha256 == null) {
            throw new IllegalArgumentException("a scenario set build records every part, got a null");
        }
    }

    /** @return the set's id */
    public String id() {
        return set.id();
    }
}
