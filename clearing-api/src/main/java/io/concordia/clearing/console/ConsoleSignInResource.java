package io.concordia.clearing.console;

import io.concordia.clearing.common.ApiProblem;
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
import java.time.Duration;
import java.time.Instant;

/**
 * Signing in and out. A one-time link opens a page with a button (so a link preview that fetches the link spends
 * nothing); pressing it spends the code and sets the session cookie (HttpOnly, SameSite=Strict, Secure over https).
 * The cookie's value is the only credential and never appears in a URL.
 */
@Path("/console")
public class ConsoleSignInResource {

    @Inject
    ConsoleSessions sessions;
    @Inject
    Engine engine;
    @Inject
    SecurityIdentity identity;

    @GET
    @Path("/sign-in")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance signInPage(@QueryParam("code") String code) {
        return engine.getTemplate("console/sign-in").data("code", code == null ? "" : code).data("error", null);
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
            return Response.status(refused.status()).entity(engine.getTemplate("console/sign-in").data("code", "")
                    .data("error", refused.getMessage())).type(MediaType.TEXT_HTML).build();
        }
        boolean https = "https".equalsIgnoreCase(uri.getBaseUri().getScheme());
        int maxAge = (int) Duration.between(Instant.now(), signedIn.session().expiresAt()).toSeconds();
        return Response.seeOther(URI.create("/console")).cookie(cookie(https, signedIn.cookieValue(), maxAge)).build();
    }

    @POST
    @Path("/sign-out")
    @RolesAllowed({io.concordia.clearing.common.Roles.OPERATOR, io.concordia.clearing.common.Roles.RISK_OFFICER})
    public Response signOut(@Context UriInfo uri) {
        ConsoleSessions.Session session = identity.getAttribute(ConsoleSessionIdentityProvider.SESSION_ATTRIBUTE);
        sessions.signOut(session.id());
        boolean https = "https".equalsIgnoreCase(uri.getBaseUri().getScheme());
        return Response.noContent().header("HX-Redirect", ConsolePaths.SIGN_IN).cookie(cookie(https, "", 0)).build();
    }

    static NewCookie cookie(boolean https, String value, int maxAge) {
        return new NewCookie.Builder(https ? ConsoleSessionMechanism.SECURE_COOKIE : ConsoleSessionMechanism.COOKIE)
                .value(value).path("/").httpOnly(true).secure(https).sameSite(NewCookie.SameSite.STRICT).maxAge(maxAge).build();
    }
}
