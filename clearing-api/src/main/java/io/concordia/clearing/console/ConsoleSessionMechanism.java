package io.concordia.clearing.console;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Authenticates the console's pages by their session cookie, and nothing else: outside {@code /console} it never
 * answers, so the API stays bearer-only (and, having no ambient credential, free of cross-site request forgery).
 */
@ApplicationScoped
public class ConsoleSessionMechanism implements HttpAuthenticationMechanism {

    /** The session cookie; the {@code __Host-} prefix is added when served over https. */
    public static final String COOKIE = "concordia_console";

    public static final String SECURE_COOKIE = "__Host-" + COOKIE;

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        if (!ConsolePaths.isConsole(context.normalizedPath())) {
            return Uni.createFrom().nullItem();
        }
        Cookie cookie = context.request().getCookie(SECURE_COOKIE);
        if (cookie == null) {
            cookie = context.request().getCookie(COOKIE);
        }
        if (cookie == null) {
            return Uni.createFrom().nullItem();
        }
        return identities.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ConsoleSessionRequest(cookie.getValue()), context));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().nullItem();
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ConsoleSessionRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.COOKIE, COOKIE));
    }

    @Override
    public int getPriority() {
        // before the bearer mechanism, which then still handles every path this one leaves alone
        return DEFAULT_PRIORITY + 100;
    }
}
