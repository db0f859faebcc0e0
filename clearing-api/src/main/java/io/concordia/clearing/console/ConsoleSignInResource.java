package io.concordia.clearing.console;

import io.concordia.clearing.common.ApiProblem;
import io.quarkus.oidc.IdToken;
import io.quarkus.oidc.OidcSession;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Signing in and out. A one-time link opens a page with a button (so a link preview that fetches the link spends
 * nothing); pressing it spends the code and sets the session cookie (HttpOnly, SameSite=Strict, Secure over https).
 * The cookie's value is the only credential and never appears in a URL.
 * <p>
 * With single sign-on enabled, {@code /console/sign-in/oidc} is the one path the identity provider's authorization code
 * flow guards: once the provider has authenticated a person, their groups map to console roles and the same session
 * opens as a link's would. The provider's own session cookie is dropped then: from there on the console cookie alone
 * signs the person in, expires and signs out, whichever way they came.
 */
@Path("/console")
public class ConsoleSignInResource {

    @Inject
    Clock clock;

    @Inject
    ConsoleSessions sessions;

    @Inject
    Engine engine;

    @Inject
    SecurityIdentity identity;

    @Inject
    ConsoleConfig config;

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    OidcSession oidcSession;

    @GET
    @Path("/sign-in")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance signInPage(@QueryParam("code") String code) {
        return page(code, null);
    }

    @POST
    @Path("/sign-in")
    @PermitAll
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Produces(MediaType.TEXT_HTML)
    public Response signIn(@FormParam("code") String code, @Context UriInfo uri) {
        ConsoleSessions.SignedIn signedIn;
        try {
            signedIn = sessions.redeem(code == null ? "" : code.trim());
        } catch (ApiProblem refused) {
            return refused(refused.status(), refused.getMessage());
        }
        return toConsole(signedIn, uri);
    }

    /**
     * Where the identity provider's code flow ends (it guards this path alone, and only when enabled): the person's
     * groups become console roles, or, when none maps to one, nobody is signed in and the refusal is audited.
     */
    @GET
    @Path("/sign-in/oidc")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public Response signInWithIdentityProvider(@Context UriInfo uri) {
        if (!config.oidc().enabled() || identity.isAnonymous()) {
            return refused(404, "single sign-on is not set up here: open the one-time sign-in link you were given");
        }
        ConsoleOidcIdentity person = ConsoleOidcIdentity.of(idToken, config.oidc());
        // whatever happens next, the provider's session has done its work: the console keeps its own
        oidcSession.logout().await().atMost(Duration.ofSeconds(10));
        if (person.roles().isEmpty()) {
            sessions.refuseFromIdentityProvider(person.subject(), person.refusal(), person.groups());
            return refused(403, "your identity provider account does not open the console (" + person.refusal() + ")");
        }
        try {
            return toConsole(sessions.signInFromIdentityProvider(person.subject(), person.roles()), uri);
        } catch (ApiProblem refused) {
            return refused(refused.status(), refused.getMessage());
        }
    }

    @POST
    @Path("/sign-out")
    @RolesAllowed({io.concordia.clearing.common.Roles.OPERATOR, io.concordia.clearing.common.Roles.RISK_OFFICER})
    public Response signOut(@Context UriInfo uri) {
        ConsoleSessions.Session session = identity.getAttribute(ConsoleSessionIdentityProvider.SESSION_ATTRIBUTE);
        sessions.signOut(session.id());
        boolean https = "https".equalsIgnoreCase(uri.getBaseUri().getScheme());
        return Response.noContent()
                .header("HX-Redirect", ConsolePaths.SIGN_IN)
                .cookie(cookie(https, "", 0))
                .build();
    }

    private TemplateInstance page(String code, String error) {
        return engine.getTemplate("console/sign-in")
                .data("code", code == null ? "" : code)
                .data("error", error)
                .data("oidcProvider", config.oidc().enabled() ? config.oidc().providerName() : null);
    }

    private Response refused(int status, String why) {
        return Response.status(status)
                .entity(page(null, why))
                .type(MediaType.TEXT_HTML)
                .build();
    }

    private Response toConsole(ConsoleSessions.SignedIn signedIn, UriInfo uri) {
        boolean https = "https".equalsIgnoreCase(uri.getBaseUri().getScheme());
        int maxAge = (int) Duration.between(clock.instant(), signedIn.session().expiresAt())
                .toSeconds();
        return Response.seeOther(URI.create("/console"))
                .cookie(cookie(https, signedIn.cookieValue(), maxAge))
                .build();
    }

    static NewCookie cookie(boolean https, String value, int maxAge) {
        return new NewCookie.Builder(https ? ConsoleSessionMechanism.SECURE_COOKIE : ConsoleSessionMechanism.COOKIE)
                .value(value)
                .path("/")
                .httpOnly(true)
                .secure(https)
                .sameSite(NewCookie.SameSite.STRICT)
                .maxAge(maxAge)
                .build();
    }
}
