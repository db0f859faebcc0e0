package io.concordia.clearing.settlement;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.settlement.SettlementDtos.Instruction;
import io.concordia.clearing.settlement.SettlementDtos.Statement;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
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
 * A member's settlement: its instructions and its statement of a cycle, as JSON or CSV ({@code Accept: text/csv} or
 * {@code ?format=csv}). Scoped by the token's member: another member's instruction or statement is a 404.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
public class SettlementResource {

    static final String CSV = "text/csv";

    @Inject
    InstructionService instructions;

    @Inject
    StatementService statements;

    @Inject
    Caller caller;

    @GET
    @Path("/settlement-instructions")
    public Page<Instruction> instructions(
            @QueryParam("cycle") String cycle,
            @QueryParam("status") String status,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        return instructions.list(caller.memberCode(), cycle, status(status), PageRequest.of(page, size));
    }

    @GET
    @Path("/settlement-instructions/{id}")
    public Instruction instruction(@PathParam("id") long id) {
        return instructions.get(caller.memberCode(), id);
    }

    @GET
    @Path("/settlement-statements/{cycle}")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @APIResponse(
            responseCode = "200",
            description = "The caller's statement of the cycle, as JSON or CSV (format=csv or Accept)",
            content = {
                @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Statement.class)),
                @Content(mediaType = CSV, schema = @Schema(type = SchemaType.STRING))
            })
    public Response statement(
            @PathParam("cycle") String cycle, @QueryParam("format") String format, @Context HttpHeaders headers) {
        return render(statements.statementOf(caller.memberCode(), cycle, true), format, headers);
    }

    static InstructionStatus status(String status) {
        if (status == null) {
            return null;
        }
        try {
            return InstructionStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_VALUE, "status must be PENDING, SETTLED or FAILED, was '" + status + "'");
        }
    }

    /** JSON unless the client asks for CSV, by {@code format=csv} or by preferring {@code text/csv} in {@code Accept}. */
    static Response render(Statement statement, String format, HttpHeaders headers) {
        boolean csv;
        if (format != null) {
            csv = switch (format) {
                case "csv" -> true;
                case "json" -> false;
                default ->
                    throw ApiProblem.of(ProblemCode.INVALID_VALUE, "format must be json or csv, was '" + format + "'");
            };
        } else {
            csv = headers.getAcceptableMediaTypes().stream()
                    .filter(m ->
                            m.isCompatible(MediaType.APPLICATION_JSON_TYPE) || m.isCompatible(MediaType.valueOf(CSV)))
                    .findFirst()
                    .map(m -> !m.isWildcardType() && m.isCompatible(MediaType.valueOf(CSV)))
                    .orElse(false);
        }
        if (csv) {
            return Response.ok(StatementService.csv(statement), CSV + "; charset=UTF-8")
                    .header(
                            "Content-Disposition",
                            "attachment; filename=\"statement-" + statement.member() + "-"
                                    + statement.cycle().replace(':', '-') + ".csv\"")
                    .build();
        }
        return Response.ok(statement, MediaType.APPLICATION_JSON).build();
    }
}
