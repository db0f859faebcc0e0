package io.concordia.clearing.mark;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.mark.MarkService.Mark;
import io.concordia.clearing.mark.MarkService.MarkPoint;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.math.BigDecimal;
import java.util.List;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MarkResource {

    /** {@code iv}: an option's implied volatility, optional (it keeps the one it has). */
    public record Override(
            @NotNull BigDecimal price,
            BigDecimal iv,
            @NotBlank @Size(max = 500) String reason) {}

    public record ClearOverride(@NotBlank @Size(max = 500) String reason) {}

    /** Accepts the held candidate; {@code price}, when given, must still be the held price. */
    public record Accept(@NotBlank @Size(max = 500) String reason, BigDecimal price) {}

    @Inject
    MarkService marks;

    @GET
    @Path("/marks")
    @RolesAllowed({Roles.MEMBER, Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<Mark> list() {
        return marks.list();
    }

    @GET
    @Path("/marks/{product}")
    @RolesAllowed({Roles.MEMBER, Roles.OPERATOR, Roles.RISK_OFFICER})
    public Mark one(@PathParam("product") String product) {
        return marks.find(product).orElseThrow(() -> ApiProblem.notFound("mark of product", product));
    }

    @GET
    @Path("/marks/{product}/history")
    @RolesAllowed({Roles.MEMBER, Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<MarkPoint> history(@PathParam("product") String product, @QueryParam("limit") Integer limit) {
        int n = limit == null ? 100 : limit;
        if (n < 1 || n > 1000) {
            throw ApiProblem.of(ProblemCode.INVALID_PAGE_SIZE, "limit must be between 1 and 1000, was " + n);
        }
        return marks.history(product, n);
    }

    @GET
    @Path("/admin/marks")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<Mark> needingAttention() {
        return marks.needingAttention();
    }

    @POST
    @Path("/admin/marks/{product}/accept")
    @RolesAllowed(Roles.OPERATOR)
    public Mark accept(@PathParam("product") String product, @Valid @NotNull Accept body) {
        return marks.accept(product, body.price(), body.reason());
    }

    @PUT
    @Path("/admin/marks/{product}")
    @RolesAllowed(Roles.OPERATOR)
    public Mark override(@PathParam("product") String product, @Valid @NotNull Override body) {
        return marks.override(product, body.price(), body.iv(), body.reason());
    }

    @DELETE
    @Path("/admin/marks/{product}/override")
    @RolesAllowed(Roles.OPERATOR)
    public Mark clear(@PathParam("product") String product, @Valid @NotNull ClearOverride body) {
        return marks.clearOverride(product, body.reason());
    }
}
