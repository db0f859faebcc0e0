package io.concordia.clearing.audit;

import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/admin/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
public class AdminAuditResource {

    @Inject
    AuditService audit;

    @GET
    public Page<AuditRecord> list(
            @QueryParam("objectType") String objectType,
            @QueryParam("objectCode") String objectCode,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        return audit.list(objectType, objectCode, PageRequest.of(page, size));
    }
}
