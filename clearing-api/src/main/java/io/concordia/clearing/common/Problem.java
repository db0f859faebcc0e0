package io.concordia.clearing.common;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The RFC 7807 body. {@code code} is stable and meant for machines; {@code detail} is for people. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String code, String detail, String instance) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String code, String detail) {
        return new Problem("https://concordia.io/problems/" + code.toLowerCase().replace('_', '-'),
                titleOf(status), status, code, detail, null);
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
