package io.concordia.clearing.default_;

import io.concordia.clearing.common.Roles;
import io.concordia.clearing.default_.DefaultFlagService.DefaultFlag;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** The members flagged for default management, for operators deciding whether to propose a default. */
@Path("/api/v1/admin/default-flags")
@Produces(MediaType.APPLICATION_JSON)
public class DefaultFlagResource {

    @Inject
    DefaultFlagService flags;

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<DefaultFlag> open() {
        return flags.open();
    }
}
