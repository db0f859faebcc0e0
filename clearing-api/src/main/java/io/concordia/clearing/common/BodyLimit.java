package io.concordia.clearing.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A body larger than {@code quarkus.http.limits.max-body-size} answered like every other refusal, as problem+json with a
 * stable code: the HTTP layer refuses it before any resource sees it, with an empty 413 of its own. This route runs just
 * before that check (which stays in place) and answers the declared-too-large body itself; a body that turns out too large
 * while it streams fails the route with 413, answered here too.
 */
@ApplicationScoped
public class BodyLimit {

    /** Runs before the HTTP layer's own body-size route (order -2). */
    static final int ORDER = -3;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    Optional<MemorySize> maxBodySize;

    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        if (maxBodySize.isEmpty()) {
            return;
        }
        long limit = maxBodySize.get().asLongValue();
        router.route()
                .order(ORDER)
                .handler(ctx -> {
                    String length = ctx.request().getHeader("Content-Length");
                    if (length != null && tooLarge(length, limit)) {
                        refuse(ctx, limit);
                    } else {
                        ctx.next();
                    }
                })
                .failureHandler(ctx -> {
                    if (ctx.statusCode() == 413 && !ctx.response().headWritten()) {
                        refuse(ctx, limit);
                    } else {
                        ctx.next();
                    }
                });
    }

    private static boolean tooLarge(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.trim()) > limit;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer refuses a malformed length itself
        }
    }

    private void refuse(RoutingContext ctx, long limit) {
        Problem problem = Problem.of(ProblemCode.PAYLOAD_TOO_LARGE, "the body is larger than " + limit + " bytes");
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":413,\"code\":\"PAYLOAD_TOO_LARGE\"}";
        }
        // the rest of the body is not read: the connection closes after the answer
        ctx.response()
                .setStatusCode(413)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(body);
    }
}
