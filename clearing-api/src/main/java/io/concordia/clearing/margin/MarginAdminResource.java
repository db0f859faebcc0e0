package io.concordia.clearing.margin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Created;
import io.concordia.clearing.common.JsonConfiguration;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.margin.MarginCallService.MarginCallView;
import io.concordia.clearing.margin.MarginRuns.RunView;
import io.concordia.clearing.margin.MarginService.MarginView;
import io.concordia.clearing.margin.ScenarioSetService.ScenarioSetView;
import io.concordia.clearing.margin.ScheduleService.ScheduleView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Operators' margin endpoints: schedules under four-eyes, scenario sets, full runs, margin calls, any account's margin. */
@Path("/api/v1/admin/margin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MarginAdminResource {

    /** A new schedule version: {@code schedule} in full (margin-core's schedule JSON), or copied from {@code basedOn}. */
    public record DraftSchedule(
            @NotBlank @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
            String version,

            String basedOn,

            @JsonDeserialize(using = JsonConfiguration.CheckedTree.class)
            JsonNode schedule,

            @Size(max = 1000) String note) {}

    /** Approval of a draft; it becomes active at {@code effectiveAt}, or at once. */
    public record Approve(Instant effectiveAt) {}

    /** Why. */
    public record Reason(@NotBlank @Size(max = 1000) String reason) {}

    /** A call's new deadline and why. */
    public record Extend(
            @NotNull Instant deadline,
            @NotBlank @Size(max = 1000) String reason) {}

    @Inject
    ScheduleService schedules;

    @Inject
    ScenarioSetService scenarioSets;

    @Inject
    MarginRuns runs;

    @Inject
    MarginCallService calls;

    @Inject
    MarginService margins;

    @GET
    @Path("/schedules")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<ScheduleView> schedules() {
        return schedules.list();
    }

    @GET
    @Path("/schedules/{version}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public ScheduleView schedule(@PathParam("version") String version) {
        return schedules.get(version);
    }

    @POST
    @Path("/schedules")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    @APIResponse(
            responseCode = "201",
            description = "The schedule drafted",
            content = @Content(schema = @Schema(implementation = ScheduleView.class)))
    public Response draft(@Valid @NotNull DraftSchedule body) {
        ScheduleView drafted = schedules.draft(body.version(), body.basedOn(), body.schedule(), body.note());
        return Created.at(drafted, "/api/v1/admin/margin/schedules/{version}", drafted.version());
    }

    @POST
    @Path("/schedules/{version}/approve")
    @RolesAllowed(Roles.RISK_OFFICER)
    public ScheduleView approve(@PathParam("version") String version, Approve body) {
        return schedules.approve(version, body == null ? null : body.effectiveAt());
    }

    @POST
    @Path("/schedules/{version}/reject")
    @RolesAllowed(Roles.RISK_OFFICER)
    public ScheduleView reject(@PathParam("version") String version, @Valid @NotNull Reason body) {
        return schedules.reject(version, body.reason());
    }

    @GET
    @Path("/scenario-sets")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<ScenarioSetView> scenarioSets() {
        return scenarioSets.list();
    }

    @GET
    @Path("/scenario-sets/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public ScenarioSetView scenarioSet(@PathParam("id") String id) {
        return scenarioSets.get(id);
    }

    /**
     * Daily closes as CSV ({@code date,underlying,close}); the filtered historical simulation parameters ({@code horizon},
     * {@code lambda}, {@code phi}, {@code floorLookback} F, {@code window}) and the input checks' settings
     * ({@code calendar}, {@code minHistory}, {@code acceptSpikes}: repeated or comma-separated dates) as query.
     */
    @POST
    @Path("/scenario-sets")
    @Consumes("text/csv")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    @APIResponse(
            responseCode = "201",
            description = "The scenario set built",
            content = @Content(schema = @Schema(implementation = ScenarioSetView.class)))
    public Response upload(
            String csv,
            @QueryParam("id") String id,
            @QueryParam("horizon") Integer horizon,
            @QueryParam("lambda") BigDecimal lambda,
            @QueryParam("phi") BigDecimal phi,
            @QueryParam("floorLookback") Integer floorLookback,
            @QueryParam("window") Integer window,
            @QueryParam("calendar") String calendar,
            @QueryParam("minHistory") Integer minHistory,
            @QueryParam("acceptSpikes") List<String> acceptSpikes) {
        ScenarioSetView built = scenarioSets.upload(
                id, csv, horizon, lambda, phi, floorLookback, window, calendar, minHistory, acceptSpikes);
        return Created.at(built, "/api/v1/admin/margin/scenario-sets/{id}", built.id());
    }

    /** The set's scenarios as margin-core's JSON: what {@code build-scenarios} prints for the same closes and parameters. */
    @GET
    @Path("/scenario-sets/{id}/scenarios")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    @APIResponse(
            responseCode = "200",
            description = "The set's scenarios as margin-core's JSON",
            content = @Content(schema = @Schema(type = SchemaType.OBJECT)))
    public String scenarios(@PathParam("id") String id) {
        return scenarioSets.scenariosJson(id);
    }

    @POST
    @Path("/scenario-sets/{id}/activate")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public ScenarioSetView activate(@PathParam("id") String id) {
        return scenarioSets.activate(id);
    }

    @POST
    @Path("/runs")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public RunView startRun() {
        return runs.start();
    }

    @GET
    @Path("/runs")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<RunView> recentRuns() {
        return runs.recent(50);
    }

    @GET
    @Path("/runs/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public RunView run(@PathParam("id") long id) {
        return runs.get(id);
    }

    @GET
    @Path("/accounts/{account}/replication")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public com.fasterxml.jackson.databind.JsonNode replication(@PathParam("account") String account) {
        return margins.replicationOf(account);
    }

    @GET
    @Path("/accounts/{account}/greeks")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public MarginService.GreeksView greeks(@PathParam("account") String account) {
        return margins.greeksOf(account);
    }

    @GET
    @Path("/accounts/{account}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public MarginView margin(@PathParam("account") String account) {
        return margins.marginOf(account);
    }

    @GET
    @Path("/calls")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Page<MarginCallView> calls(
            @QueryParam("status") String status, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        if (status != null && !CallStatus.known(status)) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_PARAMETER,
                    "status must be one of " + java.util.Arrays.toString(CallStatus.values()) + ", was " + status);
        }
        return calls.all(status, PageRequest.of(page, size));
    }

    @GET
    @Path("/calls/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public MarginCallView call(@PathParam("id") long id) {
        return calls.get(id);
    }

    @POST
    @Path("/calls/{id}/extend")
    @RolesAllowed(Roles.OPERATOR)
    public MarginCallView extend(@PathParam("id") long id, @Valid @NotNull Extend body) {
        return calls.extend(id, body.deadline(), body.reason());
    }

    @POST
    @Path("/calls/{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public MarginCallView cancel(@PathParam("id") long id, @Valid @NotNull Reason body) {
        return calls.cancel(id, body.reason());
    }
}
