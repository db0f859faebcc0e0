package io.concordia.clearing.admin;

import io.concordia.clearing.admin.TokenDtos.MintToken;
import io.concordia.clearing.admin.TokenDtos.Revocation;
import io.concordia.clearing.admin.TokenDtos.Token;
import io.concordia.clearing.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1/admin/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TokenResource {

    @Inject
    TokenService tokens;

    @Inject
    RevocationService revocations;

    @POST
    @RolesAllowed({Roles.OPERATOR, Roles.TOKEN_ADMIN})
    @APIResponse(
            responseCode = "201",
            description = "The token minted",
            content = @Content(schema = @Schema(implementation = Token.class)))
    public Response mint(@Valid @NotNull MintToken body) {
        return Response.status(201).entity(tokens.mint(body)).build();
    }

    @POST
    @Path("/revocations")
    @RolesAllowed(Roles.TOKEN_ADMIN)
    @APIResponse(
            responseCode = "201",
            description = "The revocation recorded",
            content = @Content(schema = @Schema(implementation = Revocation.class)))
    public Response revoke(@Valid @NotNull Revocation body) {
        return Response.status(201).entity(revocations.revoke(body)).build();
    }
}
