package io.concordia.clearing.console;

import io.concordia.clearing.common.Caller;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Resolves a session cookie to the person and roles it was opened for. An unknown, expired, signed-out or revoked
 * session is anonymous (the console then asks to sign in), never an error page.
 */
@ApplicationScoped
public class ConsoleSessionIdentityProvider implements IdentityProvider<ConsoleSessionRequest> {

    /** The identity attribute holding the {@link ConsoleSessions.Session}: its presence marks a console sign-in. */
    public static final String SESSION_ATTRIBUTE = "concordia.console-session";

    @Inject
    ConsoleSessions sessions;

    @Override
    public Class<ConsoleSessionRequest> getRequestType() {
        return ConsoleSessionRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ConsoleSessionRequest request, AuthenticationRequestContext context) {
        return context.runBlocking(() -> sessions.find(request.cookieValue())
                .<SecurityIdentity>map(session -> {
                    QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                            .setPrincipal(new QuarkusPrincipal(session.subject()))
                            .addRoles(session.roles())
                            .addAttribute(SESSION_ATTRIBUTE, session);
                    if (session.issuedBy() != null) {
                        identity.addAttribute(Caller.ISSUED_BY_ATTRIBUTE, session.issuedBy());
                    }
                    return identity.build();
                })
                .orElseGet(() ->
                        QuarkusSecurityIdentity.builder().setAnonymous(true).build()));
    }
}
