package io.concordia.clearing.common;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The RFC 7807 body. {@code code} is stable and meant for machines; {@code detail} is for people; {@code problems},
 * an extension member present only when a request has several independent problems, lists each of them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type, String title, int status, String code, String detail, String instance, List<?> problems) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(ProblemCode code, String detail) {
        return of(code, detail, null);
    }

    public static Problem of(ProblemCode code, String detail, List<?> problems) {
        return new Problem(
                "https://concordia.io/problems/" + code.name().toLowerCase().replace('_', '-'),
                titleOf(code.status()),
                code.status(),
                code.name(),
                detail,
                null,
                problems);
    }

    private static String titleOf(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 406 -> "Not Acceptable";
            case 409 -> "Conflict";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 422 -> "Unprocessable Content";
            case 429 -> "Too Many Requests";
            case 503 -> "Service Unavailable";
            default -> "Internal Server Error";
        };
    }
}
