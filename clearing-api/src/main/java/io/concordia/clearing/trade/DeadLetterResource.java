package io.concordia.clearing.trade;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.trade.DeadLetterService.DeadLetter;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

    public record Discard(@NotBlank @Size(max = 500) String reason) {}

    @Inject
    DeadLetterService deadLetters;

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Page<DeadLetter> list(
            @QueryParam("status") String status, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        if (status != null
                && java.util.Arrays.stream(DeadLetterStatus.values())
                        .noneMatch(s -> s.name().equals(status))) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_PARAMETER,
                    "status must be one of " + java.util.Arrays.toString(DeadLetterStatus.values()));
        }
        return deadLetters.list(status, PageRequest.of(page, size));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public DeadLetter get(@PathParam("id") long id) {
        return deadLetters.get(id);
    }

    @POST
    @Path("/{id}/replay")
    @RolesAllowed(Roles.OPERATOR)
    public DeadLetter replay(@PathParam("id") long id) {
        return deadLetters.replay(id);
    }

    @POST
    @Path("/{id}/discard")
    @RolesAllowed(Roles.OPERATOR)
    public DeadLetter discard(@PathParam("id") long id, @Valid @NotNull Discard body) {
        return deadLetters.discard(id, body.reason());
    }
}
