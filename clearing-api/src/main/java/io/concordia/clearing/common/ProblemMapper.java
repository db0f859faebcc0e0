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
import org.hibernate.exception.JDBCConnectionException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures become responses: RFC 7807 problem+json with a stable code. Nothing from an
 * exception's internals (stack trace, SQL, class names) ever reaches a body; unexpected failures are logged
 * with an incident id that the body repeats.
 */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e) {
        return respond(e.status(), e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        String detail = e.getConstraintViolations().stream()
                .map(ProblemMapper::describe)
                .sorted()
                .collect(Collectors.joining("; "));
        return respond(400, "VALIDATION_FAILED", detail);
    }

    @ServerExceptionMapper
    public Response unknownProperty(UnrecognizedPropertyException e) {
        return respond(400, "UNKNOWN_PROPERTY", "unknown property '" + e.getPropertyName() + "'");
    }

    @ServerExceptionMapper
    public Response invalidFormat(InvalidFormatException e) {
        return respond(400, "INVALID_VALUE", "invalid value for '" + path(e) + "'");
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Trailing token")) {
            return malformedJson(e);
        }
        String where = path(e);
        return respond(400, "INVALID_VALUE", where.isEmpty() ? "the body does not have the expected shape"
                : "invalid value for '" + where + "'");
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonProcessingException e) {
        return respond(400, "MALFORMED_JSON", "the body is not valid JSON");
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return respond(401, "UNAUTHENTICATED", "a valid bearer token is required");
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return respond(401, "UNAUTHENTICATED", "a valid bearer token is required");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return respond(403, "FORBIDDEN", "the token's roles do not allow this");
    }

    @ServerExceptionMapper
    public Response databaseUnavailable(JDBCConnectionException e) {
        LOG.warn("database unavailable: " + e.getMessage());
        return respond(503, "UNAVAILABLE", "the service is temporarily unavailable; retry later");
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return malformedJson(json);
            }
        }
        String code = switch (status) {
            case 400 -> "BAD_REQUEST";
            case 401 -> "UNAUTHENTICATED";
            case 403 -> "FORBIDDEN";
            case 404 -> "NOT_FOUND";
            case 405 -> "METHOD_NOT_ALLOWED";
            case 406 -> "NOT_ACCEPTABLE";
            case 413 -> "PAYLOAD_TOO_LARGE";
            case 415 -> "UNSUPPORTED_MEDIA_TYPE";
            default -> "HTTP_" + status;
        };
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 413 -> "the body is too large";
            case 415 -> "unsupported media type";
            default -> "the request was not accepted";
        };
        return respond(status, code, detail);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (violatesFourEyesCheck(e)) {
            return respond(409, FourEyes.CODE, "the database refused a decision by the proposer; a different person must decide it");
        }
        String incident = UUID.randomUUID().toString();
        LOG.errorf(e, "unexpected failure, incident %s", incident);
        return respond(500, "INTERNAL_ERROR", "unexpected failure; incident " + incident);
    }

    /** The backstop: a database four-eyes CHECK (named {@code *_four_eyes}) that fired past the service's own check. */
    private static boolean violatesFourEyesCheck(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && "23514".equals(sql.getSQLState()) && String.valueOf(sql.getMessage()).contains("_four_eyes")) {
                return true;
            }
        }
        return false;
    }

    private static Response respond(int status, String code, String detail) {
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(Problem.of(status, code, detail)).build();
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
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
