package io.concordia.clearing.default_;

import io.concordia.clearing.common.Created;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.default_.DefaultDtos.ApplyWaterfall;
import io.concordia.clearing.default_.DefaultDtos.AuctionView;
import io.concordia.clearing.default_.DefaultDtos.CaseView;
import io.concordia.clearing.default_.DefaultDtos.CloseOut;
import io.concordia.clearing.default_.DefaultDtos.Contribution;
import io.concordia.clearing.default_.DefaultDtos.Decision;
import io.concordia.clearing.default_.DefaultDtos.DefaultFundView;
import io.concordia.clearing.default_.DefaultDtos.OpenAuctions;
import io.concordia.clearing.default_.DefaultDtos.PortAccount;
import io.concordia.clearing.default_.DefaultDtos.PortView;
import io.concordia.clearing.default_.DefaultDtos.ProposeDefault;
import io.concordia.clearing.default_.DefaultDtos.Reason;
import io.concordia.clearing.default_.DefaultDtos.SetAmount;
import io.concordia.clearing.default_.DefaultDtos.SizingView;
import io.concordia.clearing.default_.DefaultReportService.DefaultReport;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Operators' default management: the default fund, and default cases from proposal to report. Writes need the operator
 * role, except the four-eyes approvals, which need a different person with the risk-officer role; reads accept both.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DefaultAdminResource {

    @Inject
    DefaultCaseService cases;

    @Inject
    PortingService porting;

    @Inject
    CloseOutService closeOut;

    @Inject
    WaterfallService waterfall;

    @Inject
    DefaultReportService reports;

    @Inject
    DefaultFundService fund;

    // ---- the default fund ------------------------------------------------------------------------------------------

    @GET
    @Path("/admin/default-fund")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public DefaultFundView fund() {
        return fund.view();
    }

    @PUT
    @Path("/admin/default-fund/members/{member}")
    @RolesAllowed(Roles.OPERATOR)
    public Contribution setContribution(@PathParam("member") String member, @Valid @NotNull SetAmount body) {
        return fund.setContribution(member, body.amount(), body.reference());
    }

    @PUT
    @Path("/admin/default-fund/skin-in-the-game")
    @RolesAllowed(Roles.OPERATOR)
    public DefaultFundView setSkinInTheGame(@Valid @NotNull SetAmount body) {
        return fund.setSkinInTheGame(body.amount(), body.reference());
    }

    @GET
    @Path("/admin/default-fund/sizing")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public SizingView sizing() {
        return fund.sizing();
    }

    // ---- default cases ---------------------------------------------------------------------------------------------

    @POST
    @Path("/admin/defaults")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(
            responseCode = "201",
            description = "The default case proposed",
            content = @Content(schema = @Schema(implementation = CaseView.class)))
    public Response propose(@Valid @NotNull ProposeDefault body) {
        CaseView proposed = cases.propose(body);
        return Created.at(proposed, "/api/v1/admin/defaults/{id}", proposed.id());
    }

    @GET
    @Path("/admin/defaults")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Page<CaseView> list(
            @QueryParam("status") String status, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return cases.list(status, PageRequest.of(page, size));
    }

    @GET
    @Path("/admin/defaults/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public CaseView get(@PathParam("id") long id) {
        return cases.get(id);
    }

    @POST
    @Path("/admin/defaults/{id}/approve")
    @RolesAllowed(Roles.RISK_OFFICER)
    public CaseView approve(@PathParam("id") long id, @Valid Decision body) {
        return cases.approve(id, body == null ? null : body.note());
    }

    @POST
    @Path("/admin/defaults/{id}/reject")
    @RolesAllowed(Roles.RISK_OFFICER)
    public CaseView reject(@PathParam("id") long id, @Valid @NotNull Reason body) {
        return cases.reject(id, body.reason());
    }

    @POST
    @Path("/admin/defaults/{id}/port")
    @RolesAllowed(Roles.OPERATOR)
    public PortView port(@PathParam("id") long id, @Valid @NotNull PortAccount body) {
        return porting.port(id, body);
    }

    @POST
    @Path("/admin/defaults/{id}/close-out")
    @RolesAllowed(Roles.OPERATOR)
    public CaseView closeOut(@PathParam("id") long id, @Valid @NotNull CloseOut body) {
        return closeOut.closeOut(id, body.prices());
    }

    @POST
    @Path("/admin/defaults/{id}/auctions")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(
            responseCode = "201",
            description = "The auctions opened, one per lot",
            content = @Content(schema = @Schema(implementation = AuctionView.class, type = SchemaType.ARRAY)))
    public Response openAuctions(@PathParam("id") long id, @Valid @NotNull OpenAuctions body) {
        return Created.at(closeOut.openAuctions(id, body), "/api/v1/admin/defaults/{id}/auctions", id);
    }

    @GET
    @Path("/admin/defaults/{id}/auctions")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<AuctionView> auctions(@PathParam("id") long id) {
        return closeOut.auctionsOf(id);
    }

    @POST
    @Path("/admin/defaults/{id}/waterfall")
    @RolesAllowed(Roles.OPERATOR)
    public CaseView waterfall(@PathParam("id") long id, @Valid ApplyWaterfall body) {
        return waterfall.apply(id, body == null ? null : body.costs());
    }

    @POST
    @Path("/admin/defaults/{id}/close")
    @RolesAllowed(Roles.OPERATOR)
    public CaseView close(@PathParam("id") long id) {
        return cases.close(id);
    }

    @GET
    @Path("/admin/defaults/{id}/report")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public DefaultReport report(@PathParam("id") long id) {
        return reports.report(id);
    }

    /** The report's human-readable summary, on {@code Accept: text/plain}. */
    @GET
    @Path("/admin/defaults/{id}/report")
    @Produces("text/plain;qs=0.5")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public String summary(@PathParam("id") long id) {
        return reports.report(id).summary();
    }

    // ---- auctions --------------------------------------------------------------------------------------------------

    @GET
    @Path("/admin/auctions/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public AuctionView auction(@PathParam("id") long id) {
        return closeOut.auction(id);
    }

    @POST
    @Path("/admin/auctions/{id}/award")
    @RolesAllowed(Roles.OPERATOR)
    public AuctionView proposeAward(@PathParam("id") long id) {
        return closeOut.proposeAward(id);
    }

    @POST
    @Path("/admin/auctions/{id}/approve")
    @RolesAllowed(Roles.RISK_OFFICER)
    public AuctionView approveAward(@PathParam("id") long id) {
        return closeOut.approveAward(id);
    }

    @POST
    @Path("/admin/auctions/{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public AuctionView cancel(@PathParam("id") long id, @Valid @NotNull Reason body) {
        return closeOut.cancel(id, body.reason());
    }
}
