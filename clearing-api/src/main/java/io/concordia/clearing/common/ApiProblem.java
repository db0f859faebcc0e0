package io.concordia.clearing.common;

import java.util.List;

/**
 * A business rejection or bad request, answered as RFC 7807 problem+json with a stable {@code code}.
 *
 * <p>Thrown by services and resources; the single {@link ProblemMapper} turns it into the response. The
 * transaction rolls back, so a rejected request changes nothing.
 */
public final class ApiProblem extends RuntimeException {

    private final ProblemCode code;
    private final List<?> problems;

    public ApiProblem(ProblemCode code, String detail) {
        this(code, detail, null);
    }

    /** A rejection with several independent problems, each listed in the body's {@code problems}. */
    public ApiProblem(ProblemCode code, String detail, List<?> problems) {
        super(detail, null, false, false);
        this.code = code;
        this.problems = problems == null ? null : List.copyOf(problems);
    }

    /** The problems listed in the body, or null for a single one told by the detail. */
    public List<?> problems() {
        return problems;
    }

    public int status() {
        return code.status();
    }

    public ProblemCode code() {
        return code;
    }

    public static ApiProblem of(ProblemCode code, String detail) {
        return new ApiProblem(code, detail);
    }

    public static ApiProblem notFound(String what, String key) {
        return new ApiProblem(ProblemCode.NOT_FOUND, what + " '" + key + "' does not exist");
    }
}
