package io.concordia.clearing.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become responses: RFC 7807 problem+json with a stable code. Nothing from an
 * exception's internals (stack trace, SQL, class names) ever reaches a body; unexpected failures are logged
 * with an incident id that the body repeats.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    /** The longest {@code detail} a body carries; client text quoted in it is clipped well before. */
    static final int MAX_DETAIL_LENGTH = 1000;

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e) {
        return Response.status(e.status())
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(e.code(), e.getMessage(), e.problems()))
                .build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(ProblemMapper::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(ProblemCode.VALIDATION_FAILED, detail);
    }

    @ServerExceptionMapper
    public Response unknownProperty(UnrecognizedPropertyException e) {
        return respond(
                ProblemCode.UNKNOWN_PROPERTY,
                "unknown property '" + Text.printable(Decimals.abbreviate(e.getPropertyName())) + "'");
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return mismatchedInput(e);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        ApiProblem refused = refusalIn(e);
        if (refused != null) {
            return apiProblem(refused);
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return malformedJson(e);
        }
        String where = path(e);
        return respond(
                ProblemCode.INVALID_VALUE,
                where.isEmpty() ? "the body does not have the expected shape" : "invalid value for '" + where + "'");
    }

    /**
     * A body Jackson could not read: a refusal of the input gate ({@link Decimals#parse}, {@link Text#check}) keeps its
     * code, a key given twice is {@code DUPLICATE_KEY}, a number longer than the parser reads {@code NUMBER_OUT_OF_RANGE}.
     */
    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        ApiProblem refused = refusalIn(e);
        if (refused != null) {
            return apiProblem(refused);
        }
        String duplicate = JsonConfiguration.duplicateKey(e);
        if (duplicate != null) {
            return respond(
                    ProblemCode.DUPLICATE_KEY, "the key '" + duplicate + "' appears more than once in an object");
        }
        if (JsonConfiguration.numberTooLong(e)) {
            return respond(
                    ProblemCode.NUMBER_OUT_OF_RANGE,
                    "a number is longer than " + JsonConfiguration.MAX_NUMBER_LENGTH + " characters");
        }
        if (e instanceof MismatchedInputException mismatched
                && !(e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token"))) {
            return mismatchedInput(mismatched);
        }
        return respond(ProblemCode.MALFORMED_JSON, "the body is not valid JSON");
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return respond(ProblemCode.UNAUTHENTICATED, "a valid bearer token is required");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return respond(ProblemCode.UNAUTHENTICATED, "a valid bearer token is required");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(ProblemCode.FORBIDDEN, "the token's roles do not allow this");
    }

    /**
     * Arithmetic that overflowed on figures a request supplied: every decimal input is bounded at the gate, but a
     * combination within bounds (a what-if of 10^19 contracts at 10^19) can still exceed what a calculation holds. The
     * request's client gets a range error, not an incident; the line is logged in case the cause is not the input.
     */
    @ServerExceptionMapper
    public Response arithmeticOverflow(ArithmeticException e) {
        LOG.warnf(
                "arithmetic failure on a request's figures, answered 422: %s",
                Decimals.abbreviate(String.valueOf(e.getMessage())));
        return respond(ProblemCode.NUMBER_OUT_OF_RANGE, "a figure computed from the request's numbers is out of range");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        // a query parameter's converter refused the value: the parameter's own problem, not the 404 the framework makes
        // of it
        Response named = problemNamedByCause(e);
        if (named != null) {
            return named;
        }
        // any other refusal of the framework's is a malformed request: every code has one status
        ProblemCode code = switch (status) {
            case 401 -> ProblemCode.UNAUTHENTICATED;
            case 403 -> ProblemCode.FORBIDDEN;
            case 404 -> ProblemCode.NOT_FOUND;
            case 405 -> ProblemCode.METHOD_NOT_ALLOWED;
            case 406 -> ProblemCode.NOT_ACCEPTABLE;
            case 413 -> ProblemCode.PAYLOAD_TOO_LARGE;
            case 415 -> ProblemCode.UNSUPPORTED_MEDIA_TYPE;
            default -> ProblemCode.BAD_REQUEST;
        };
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 413 -> "the body is too large";
            case 415 -> "unsupported media type";
            default -> "the request was not accepted";
        };
        return respond(code, detail);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseErrors.unavailable(e)) {
            LOG.warn("database unavailable: " + Decimals.abbreviate(String.valueOf(e.getMessage())));
            return respond(ProblemCode.UNAVAILABLE, "the service is temporarily unavailable; retry later");
        }
        if (violatesFourEyesCheck(e)) {
            return respond(
                    ProblemCode.FOUR_EYES_REQUIRED,
                    "the database refused a decision by the proposer; a different person must decide it");
        }
        Response named = problemNamedByCause(e);
        if (named != null) {
            return named;
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(bounded(e), "unexpected failure, incident %s", incident);
        return respond(ProblemCode.INTERNAL_ERROR, "unexpected failure; incident " + incident);
    }

    /** The problem response, and the only place that builds one. */
    public static Response respond(ProblemCode code, String detail) {
        String bounded = detail.length() <= MAX_DETAIL_LENGTH ? detail : detail.substring(0, MAX_DETAIL_LENGTH) + "...";
        return Response.status(code.status())
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(code, bounded))
                .build();
    }

    /** The problem a wrapped cause of {@code e} already names (a gate's refusal, malformed JSON), or null. */
    private Response problemNamedByCause(Throwable e) {
        ApiProblem refused = refusalIn(e);
        if (refused != null) {
            return apiProblem(refused);
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return malformedJson(json);
            }
        }
        return null;
    }

    /** The gate's refusal that caused {@code e} (Jackson and the framework wrap what deserializers and converters throw). */
    private static ApiProblem refusalIn(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
            if (cause instanceof ApiProblem p) {
                return p;
            }
        }
        return null;
    }

    /**
     * {@code e} with every message clipped and the same stack traces: an exception may quote a client's input, and no
     * request may write a log line of megabytes.
     */
    static Throwable bounded(Throwable e) {
        Throwable cause = e.getCause() == null || e.getCause() == e ? null : bounded(e.getCause());
        String message = e.toString();
        Throwable copy = new Throwable(
                message.length() <= MAX_DETAIL_LENGTH
                        ? message
                        : message.substring(0, MAX_DETAIL_LENGTH) + "... (" + message.length() + " characters)",
                cause);
        copy.setStackTrace(e.getStackTrace());
        return copy;
    }

    /** The backstop: a database four-eyes CHECK (named {@code *_four_eyes}) that fired past the service's own check. */
    private static boolean violatesFourEyesCheck(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && "23514".equals(sql.getSQLState())
                    && String.valueOf(sql.getMessage()).contains("_four_eyes")) {
                return true;
            }
        }
        return false;
    }

    private static String describe(ConstraintViolation<?> v) {
        String path = v.getPropertyPath().toString();
        // drop the method and parameter segments ("create.body.") that say nothing to a client
        int dot = path.indexOf('.', path.indexOf('.') + 1);
        String field = dot > 0 ? path.substring(dot + 1) : path;
        return field + ": " + v.getMessage();
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null
                        ? Text.printable(Decimals.abbreviate(r.getFieldName()))
                        : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
