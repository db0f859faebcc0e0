package io.concordia.margin.scenario;

import java.util.List;

/**
 * The answer of the input checks of docs/margin-model.md ("Building a scenario set"): either the checked history, or
 * every problem found (not just the first), in the order of the checks and then of the lines.
 *
 * @param history the checked history, or {@code null} when there are problems
 * @param problems every problem found; empty exactly when {@code history} is present
 */
public record HistoryValidation(CheckedHistory history, List<HistoryProblem> problems) {

    /** Validates. @throws IllegalArgumentException unless exactly one of history and problems is given */
    public HistoryValidation {
        problems = problems == null ? List.of() : List.copyOf(problems);
        if ((history == null) == problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "a validation has either a history or problems, got: " + history + ", " + problems);
        }
    }

    /** @return whether the history passed every check */
    public boolean valid() {
        return history != null;
    }

    /**
     * The checked history, for callers that treat a refusal as a bad argument.
     *
     * @return the history
     * @throws IllegalArgumentException listing every problem, one per line, if the history was refused
     */
    public CheckedHistory orThrow() {
        if (history == null) {
            StringBuilder sb = new StringBuilder("price history refused, " + problems.size() + " problem(s):");
            problems.forEach(p -> sb.append('\n').append(p));
            throw new IllegalArgumentException(sb.toString());
        }
        return history;
    }
}
