package io.concordia.clearing.default_;

import io.concordia.clearing.common.Roles;
import io.concordia.clearing.default_.DefaultDtos.Reason;
import io.concordia.clearing.default_.DefaultFlagService.DefaultFlag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The members flagged for default management, for operators deciding whether to propose a default; an operator clears a
 * flag whose cause went away (a late payment), with the reason.
 */
@Path("/api/v1/admin/default-flags")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DefaultFlagResource {

    @Inject
    DefaultFlagService flags;

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<DefaultFlag> open() {
        return flags.open();
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public DefaultFlag get(@PathParam("id") long id) {
        return flags.get(id);
    }

    @POST
    @Path("/{id}/clear")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public DefaultFlag clear(@PathParam("id") long id, @Valid @NotNull Reason body) {
        return flags.clear(id, body.reason());
    }
}
