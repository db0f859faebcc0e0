package io.concordia.clearing.settlement;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Created;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.settlement.SettlementDtos.Cycle;
import io.concordia.clearing.settlement.SettlementDtos.Fail;
import io.concordia.clearing.settlement.SettlementDtos.Instruction;
import io.concordia.clearing.settlement.SettlementDtos.RunCycle;
import io.concordia.clearing.settlement.SettlementDtos.Settle;
import io.concordia.clearing.settlement.SettlementDtos.Statement;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Operators run and finish settlement cycles, read them, settle or fail instructions and read what the custodian's
 * confirmations did; every write is audited.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SettlementAdminResource {

    @Inject
    SettlementRunner runner;

    @Inject
    CycleReads cycles;

    @Inject
    InstructionService instructions;

    @Inject
    StatementService statements;

    @Inject
    ConfirmationService confirmations;

    @Inject
    FinalPriceService finalPrices;

    @Inject
    Caller caller;

    /** An operator's final settlement price of a future or an option; {@code price} USD per unit, {@code >= 0}. */
    public record SetFinalPrice(
            @NotNull java.math.BigDecimal price,

            @jakarta.validation.constraints.NotBlank @jakarta.validation.constraints.Size(max = 1000)
            String reason) {}

    @jakarta.ws.rs.PUT
    @Path("/admin/products/{product}/final-price")
    @RolesAllowed(Roles.OPERATOR)
    public FinalPriceService.FinalPrice setFinalPrice(
            @PathParam("product") String product, @Valid @NotNull SetFinalPrice body) {
        return finalPrices.set(product, body.price(), body.reason(), caller.actor());
    }

    @GET
    @Path("/products/{product}/final-price")
    @RolesAllowed({Roles.MEMBER, Roles.OPERATOR, Roles.RISK_OFFICER})
    public FinalPriceService.FinalPrice finalPrice(@PathParam("product") String product) {
        return finalPrices.of(product);
    }

    @POST
    @Path("/admin/settlement-cycles")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(
            responseCode = "201",
            description = "The cycle run",
            content = @Content(schema = @Schema(implementation = Cycle.class)))
    public Response run(@Valid RunCycle body) {
        Cycle cycle = runner.runNow(caller.actor(), body == null ? RunCycle.NONE : body);
        return Created.at(cycle, "/api/v1/admin/settlement-cycles/{cycle}", cycle.code());
    }

    @GET
    @Path("/admin/settlement-cycles")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Page<Cycle> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return cycles.list(PageRequest.of(page, size));
    }

    @GET
    @Path("/admin/settlement-cycles/{cycle}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Cycle get(@PathParam("cycle") String cycle) {
        return cycles.get(cycle);
    }

    @POST
    @Path("/admin/settlement-cycles/{cycle}/resume")
    @RolesAllowed(Roles.OPERATOR)
    public Cycle resume(@PathParam("cycle") String cycle) {
        return runner.resume(cycle, caller.actor());
    }

    @GET
    @Path("/admin/settlement-instructions")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Page<Instruction> instructions(
            @QueryParam("cycle") String cycle,
            @QueryParam("status") String status,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        return instructions.list(null, cycle, SettlementResource.status(status), PageRequest.of(page, size));
    }

    @GET
    @Path("/admin/settlement-instructions/{id}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Instruction instruction(@PathParam("id") long id) {
        return instructions.get(null, id);
    }

    @POST
    @Path("/admin/settlement-instructions/{id}/settle")
    @RolesAllowed(Roles.OPERATOR)
    public Instruction settle(@PathParam("id") long id, @Valid Settle body) {
        return instructions.settle(id, caller.actor(), body == null ? null : body.reference());
    }

    @POST
    @Path("/admin/settlement-instructions/{id}/fail")
    @RolesAllowed(Roles.OPERATOR)
    public Instruction fail(@PathParam("id") long id, @Valid @NotNull Fail body) {
        return instructions.fail(id, caller.actor(), body.reason());
    }

    @GET
    @Path("/admin/settlement-confirmations")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Page<ConfirmationService.ConfirmationView> confirmations(
            @QueryParam("outcome") String outcome,
            @QueryParam("instruction") String instruction,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        return confirmations.list(outcome(outcome), instructionId(instruction), PageRequest.of(page, size));
    }

    private static ConfirmationService.Outcome outcome(String outcome) {
        if (outcome == null) {
            return null;
        }
        try {
            return ConfirmationService.Outcome.valueOf(outcome);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_VALUE, "outcome must be APPLIED, DUPLICATE or REJECTED, was '" + outcome + "'");
        }
    }

    private static Long instructionId(String instruction) {
        if (instruction == null) {
            return null;
        }
        try {
            return Long.parseLong(instruction);
        } catch (NumberFormatException e) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_VALUE, "instruction must be an instruction id, was '" + instruction + "'");
        }
    }

    @GET
    @Path("/admin/settlement-statements/{cycle}/{member}")
    @Produces({MediaType.APPLICATION_JSON, SettlementResource.CSV})
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    @APIResponse(
            responseCode = "200",
            description = "The member's statement of the cycle, as JSON or CSV (format=csv or Accept)",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Statement.class)),
                @Content(mediaType = SettlementResource.CSV, schema = @Schema(type = SchemaType.STRING))
            })
    public Response statement(
            @PathParam("cycle") String cycle,
            @PathParam("member") String member,
            @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        return SettlementResource.render(statements.statementOf(member, cycle, false), format, headers);
    }
}
