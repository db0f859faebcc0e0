package io.concordia.clearing.backtest;

import io.concordia.clearing.backtest.BacktestReports.Observation;
import io.concordia.clearing.backtest.BacktestReports.Report;
import io.concordia.clearing.backtest.BacktestReports.Zone;
import io.concordia.clearing.backtest.BacktestService.Snapshot;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Operators' backtesting endpoints: the zones, the report of any account, member book or underlying, the observations
 * (JSON pages or CSV), and the snapshot taken by hand.
 */
@Path("/api/v1/admin/backtests")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BacktestAdminResource {

    /** A snapshot taken by hand: today, or an earlier day the schedule missed. */
    public record TakeSnapshot(String day) {}

    /** The reference portfolios of an underlying: one unit long, one unit short. */
    public record UnderlyingReport(String underlying, Report longUnit, Report shortUnit) {}

    @Inject
    BacktestService backtests;

    @Inject
    BacktestReports reports;

    @Inject
    Caller caller;

    @GET
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<Zone> zones(@QueryParam("kind") String kind, @QueryParam("zone") String zone) {
        if (zone != null && !List.of("GREEN", "YELLOW", "RED").contains(zone)) {
            throw ApiProblem.of(ProblemCode.INVALID_VALUE, "zone must be GREEN, YELLOW or RED");
        }
        return reports.zones(BacktestReports.kind(kind), zone);
    }

    @GET
    @Path("/accounts/{account}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Report account(@PathParam("account") String account) {
        return reports.report("ACCOUNT", account, null);
    }

    @GET
    @Path("/members/{member}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Report member(@PathParam("member") String member) {
        return reports.report("MEMBER", member, null);
    }

    @GET
    @Path("/underlyings/{underlying}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public UnderlyingReport underlying(@PathParam("underlying") String underlying) {
        return new UnderlyingReport(
                underlying,
                reports.report("REFERENCE_LONG", underlying, null),
                reports.report("REFERENCE_SHORT", underlying, null));
    }

    @GET
    @Path("/observations")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Page<Observation> observations(
            @QueryParam("kind") String kind,
            @QueryParam("subject") String subject,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        return reports.page(required(kind), subject, null, PageRequest.of(page, size));
    }

    @GET
    @Path("/observations.csv")
    // CSV whatever the Accept header asks, so that a client's default JSON Accept still gets the file (and its 401s)
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    @APIResponse(
            responseCode = "200",
            description = "The observations as CSV",
            content = @Content(mediaType = "text/csv", schema = @Schema(type = SchemaType.STRING)))
    public Response csv(@QueryParam("kind") String kind, @QueryParam("subject") String subject) {
        return Response.ok(reports.csv(required(kind), subject, null), "text/csv")
                .build();
    }

    @POST
    @Path("/snapshots")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(
            responseCode = "201",
            description = "The snapshot taken",
            content = @Content(schema = @Schema(implementation = Snapshot.class)))
    public Response snapshot(TakeSnapshot body) {
        Snapshot taken = backtests.snapshot(BacktestReports.day(body == null ? null : body.day()), caller.actor());
        return Response.status(Response.Status.CREATED).entity(taken).build();
    }

    @POST
    @Path("/observations")
    @RolesAllowed(Roles.OPERATOR)
    public Map<String, Integer> observeAll() {
        return Map.of("observationsMade", backtests.observeAll());
    }

    private static String required(String kind) {
        if (kind == null) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_VALUE,
                    "kind is required: one of " + new java.util.TreeSet<>(BacktestReports.KINDS));
        }
        return BacktestReports.kind(kind);
    }
}
