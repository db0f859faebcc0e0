package io.concordia.clearing.backtest;

import io.concordia.clearing.backtest.BacktestReports.Observation;
import io.concordia.clearing.backtest.BacktestReports.Report;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** A member's backtests of its own accounts; another member's account is a 404. */
@Path("/api/v1/accounts/{account}/backtest")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
public class BacktestResource {

    @Inject
    BacktestReports reports;

    @Inject
    Caller caller;

    @GET
    public Report report(@PathParam("account") String account) {
        return reports.report("ACCOUNT", account, reports.memberId(caller.memberCode()));
    }

    @GET
    @Path("/observations")
    public Page<Observation> observations(
            @PathParam("account") String account, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return reports.page("ACCOUNT", account, reports.memberId(caller.memberCode()), PageRequest.of(page, size));
    }

    @GET
    @Path("/observations.csv")
    // CSV whatever the Accept header asks, so that a client's default JSON Accept still gets the file (and its 401s)
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @APIResponse(
            responseCode = "200",
            description = "The account's observations as CSV",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    public Response csv(@PathParam("account") String account) {
        return Response.ok(reports.csv("ACCOUNT", account, reports.memberId(caller.memberCode())), "text/csv")
                .build();
    }
}
