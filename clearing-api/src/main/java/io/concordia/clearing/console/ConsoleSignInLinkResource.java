package io.concordia.clearing.console;

import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * A token admin issues a one-time console sign-in link for a named person with operator or risk-officer roles, as it
 * mints their tokens (audited, and recorded for four-eyes). The link is for the person, handed over out of band.
 */
@Path("/api/v1/admin/console/sign-in-links")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ConsoleSignInLinkResource {

    public record IssueSignInLink(
            @NotBlank @Size(max = 200) @Pattern(regexp = "[^\\s,]+", message = "must be one word")
            String subject,

            @NotEmpty @Size(max = 2) Set<@NotBlank String> roles) {}

    /** {@code path}: open it on the console's host within {@code expiresAt}; it works once. */
    public record SignInLink(String subject, Set<String> roles, String path, Instant expiresAt) {}

    @Inject
    ConsoleSessions sessions;

    @POST
    @RolesAllowed(Roles.TOKEN_ADMIN)
    @APIResponse(
            responseCode = "201",
            description = "The link issued",
            content = @Content(schema = @Schema(implementation = SignInLink.class)))
    public Response issue(@Valid IssueSignInLink body) {
        if (body == null) {
            throw io.concordia.clearing.common.ApiProblem.of(
                    ProblemCode.VALIDATION_FAILED, "a body {subject, roles} is required");
        }
        ConsoleSessions.Link link = sessions.issue(body.subject(), body.roles());
        return Response.status(201)
                .entity(new SignInLink(link.subject(), link.roles(), path(link.code()), link.expiresAt()))
                .build();
    }

    static String path(String code) {
        return ConsolePaths.SIGN_IN + "?code=" + code;
    }
}
