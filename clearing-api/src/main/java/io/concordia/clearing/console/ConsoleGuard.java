package io.concordia.clearing.console;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;

/**
 * The console's gate, after authentication and before any page: security headers on every console response
 * (content security policy: nothing but this origin, no inline script or style, no framing); a page without a
 * signed-in session goes to the sign-in page; and every request that changes something must come from this
 * origin with the session's form token in {@code X-CSRF-Token} (htmx sends it on every request).
 */
@ApplicationScoped
public class ConsoleGuard {

    public static final String CSRF_HEADER = "X-CSRF-Token";
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    void register(@Observes Filters filters) {
        filters.register(this::guard, SecurityHandlerPriorities.AUTHORIZATION - 10);
    }

    private void guard(RoutingContext context) {
        String path = context.normalizedPath();
        if (!ConsolePaths.isConsole(path)) {
            context.next();
            return;
        }
        HttpServerResponse response = context.response();
        response.putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "same-origin");
        if (!path.startsWith(ConsolePaths.STATIC)) {
            response.putHeader("Cache-Control", "no-store");
        }
        boolean changes = context.request().method() != HttpMethod.GET
                && context.request().method() != HttpMethod.HEAD;
        if (changes && !sameOrigin(context)) {
            refuse(context, 403, "this request did not come from the console's own pages");
            return;
        }
        if (ConsolePaths.isOpen(path)) {
            context.next();
            return;
        }
        ConsoleSessions.Session session = session(context);
        if (session == null) {
            if (context.request().getHeader("HX-Request") != null) {
                response.putHeader("HX-Redirect", ConsolePaths.SIGN_IN);
                refuse(context, 401, "sign in first");
            } else if (!changes) {
                response.setStatusCode(303)
                        .putHeader("Location", ConsolePaths.SIGN_IN)
                        .end();
            } else {
                refuse(context, 401, "sign in first");
            }
            return;
        }
        if (changes && !ConsoleSessions.csrfMatches(session, context.request().getHeader(CSRF_HEADER))) {
            refuse(context, 403, "the form token is missing or wrong: reload the page");
            return;
        }
        context.next();
    }

    /** The signed-in console session of this request, or null (no cookie, an unknown one, or a bearer token). */
    static ConsoleSessions.Session session(RoutingContext context) {
        if (context.user() instanceof QuarkusHttpUser user) {
            SecurityIdentity identity = user.getSecurityIdentity();
            if (identity != null
                    && !identity.isAnonymous()
                    && identity.getAttribute(ConsoleSessionIdentityProvider.SESSION_ATTRIBUTE)
                            instanceof ConsoleSessions.Session s) {
                return s;
            }
        }
        return null;
    }

    /** A browser names the page's origin on every cross-origin and every same-origin POST; it must be ours. */
    private static boolean sameOrigin(RoutingContext context) {
        String origin = context.request().getHeader("Origin");
        if (origin == null) {
            // Browsers send Origin on every POST; a client that sends none is no browser, so no forgery either.
            return true;
        }
        try {
            URI uri = URI.create(origin);
            String host = context.request().getHeader("Host");
            String expected = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && host.equalsIgnoreCase(expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void refuse(RoutingContext context, int status, String why) {
        context.response()
                .setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(why);
    }
}
