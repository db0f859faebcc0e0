package io.concordia.clearing.common;

import java.util.List;

/**
 * A business rejection or bad request, answered as RFC 7807 problem+json with a stable {@code code}.
 *
 * <p>Thrown by services and resources; the single {@link ProblemMapper} turns it into the response. The
 * transaction rolls back, so a rejected request changes nothing.
 */
public final class ApiProblem extends RuntimeException {

    private final int status;
    private final String code;
    private final List<?> problems;

    public ApiProblem(int status, String code, String detail) {
        this(status, code, detail, null);
    }

    /** A rejection with several independent problems, each listed in the body's {@code problems}. */
    public ApiProblem(int status, String code, String detail, List<?> problems) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.problems = problems == null ? null : List.copyOf(problems);
    }

    /** The problems listed in the body, or null for a single one told by the detail. */
    public List<?> problems() {
        return problems;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static ApiProblem notFound(String what, String key) {
        return new ApiProblem(404, "NOT_FOUND", what + " '" + key + "' does not exist");
    }

    public static ApiProblem conflict(String code, String detail) {
        return new ApiProblem(409, code, detail);
    }

    public static ApiProblem badRequest(String code, String detail) {
        return new ApiProblem(400, code, detail);
    }

    public static ApiProblem unprocessable(String code, String detail) {
        return new ApiProblem(422, code, detail);
    }
}
