package io.concordia.clearing.console;

import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.default_.CloseOutService;
import io.concordia.clearing.default_.DefaultCaseService;
import io.concordia.clearing.default_.DefaultDtos.OpenAuctions;
import io.concordia.clearing.default_.DefaultDtos.PortAccount;
import io.concordia.clearing.default_.DefaultDtos.ProposeDefault;
import io.concordia.clearing.default_.DefaultReportService;
import io.concordia.clearing.default_.DefaultReportService.DefaultReport;
import io.concordia.clearing.default_.PortingService;
import io.concordia.clearing.default_.WaterfallService;
import io.concordia.clearing.margin.MarginRuns;
import io.concordia.clearing.member.MemberService;
import io.concordia.clearing.settlement.CycleReads;
import io.concordia.clearing.settlement.InstructionService;
import io.concordia.clearing.settlement.SettlementDtos.Cycle;
import io.concordia.clearing.settlement.SettlementDtos.RunCycle;
import io.concordia.clearing.settlement.SettlementRunner;
import io.concordia.clearing.settlement.StatementService;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Settlement cycles and instructions, margin runs, the default lifecycle and the audit log. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
public class ConsoleOperationsResource {

    @Inject
    Pages pages;

    @Inject
    Caller caller;

    @Inject
    CycleReads cycles;

    @Inject
    SettlementRunner runner;

    @Inject
    InstructionService instructions;

    @Inject
    StatementService statements;

    @Inject
    MemberService members;

    @Inject
    MarginRuns runs;

    @Inject
    DefaultCaseService cases;

    @Inject
    PortingService porting;

    @Inject
    CloseOutService closeOuts;

    @Inject
    WaterfallService waterfall;

    @Inject
    DefaultReportService reports;

    @Inject
    AuditService audit;

    // --- settlement ----------------------------------------------------------------------------------------

    @GET
    @Path("/settlement")
    public TemplateInstance settlement() {
        return pages.page("settlement", "Settlement")
                .data("cycles", cycles.list(PageRequest.of(0, 50)).items());
    }

    @POST
    @Path("/settlement/cycles")
    @RolesAllowed(Roles.OPERATOR)
    public Response runCycle(@FormParam("reason") String reason) {
        Cycle cycle = runner.runNow(caller.actor(), new RunCycle(null, null, Pages.optional(reason)));
        return Pages.goTo("/console/settlement/cycles/" + cycle.id());
    }

    @GET
    @Path("/settlement/cycles/{cycle}")
    public TemplateInstance cycle(@PathParam("cycle") String id) {
        Cycle cycle = cycles.get(id);
        return pages.page("cycle", "Cycle " + cycle.code())
                .data("cycle", cycle)
                .data(
                        "instructions",
                        instructions
                                .list(null, String.valueOf(cycle.id()), null, PageRequest.of(0, 500))
                                .items())
                .data("members", members.list(PageRequest.of(0, 500)).items());
    }

    /** The cycle's steps, polled while it is not yet published. */
    @GET
    @Path("/settlement/cycles/{cycle}/progress")
    public TemplateInstance cycleProgress(@PathParam("cycle") String id) {
        return pages.fragment("cycle-progress").data("cycle", cycles.get(id));
    }

    @POST
    @Path("/settlement/instructions/{id}/settle")
    @RolesAllowed(Roles.OPERATOR)
    public Response settle(@PathParam("id") long id, @FormParam("reference") String reference) {
        var instruction = instructions.settle(id, caller.actor(), Pages.optional(reference));
        return Pages.goTo("/console/settlement/cycles/" + instruction.cycle());
    }

    @POST
    @Path("/settlement/instructions/{id}/fail")
    @RolesAllowed(Roles.OPERATOR)
    public Response fail(@PathParam("id") long id, @FormParam("reason") String reason) {
        var instruction = instructions.fail(id, caller.actor(), Pages.required(reason, "reason"));
        return Pages.goTo("/console/settlement/cycles/" + instruction.cycle());
    }

    @GET
    @Path("/settlement/statements/{cycle}/{member}")
    public TemplateInstance statement(@PathParam("cycle") String cycle, @PathParam("member") String member) {
        return pages.page("statement", "Statement " + cycle + " " + member)
                .data("statement", statements.statementOf(member, cycle, false));
    }

    // --- margin runs ---------------------------------------------------------------------------------------

    @GET
    @Path("/margin-runs")
    public TemplateInstance marginRuns() {
        return pages.page("margin-runs", "Margin runs").data("runs", runs.recent(20));
    }

    @POST
    @Path("/margin-runs")
    public Response startMarginRun() {
        return Pages.goTo("/console/margin-runs/" + runs.start().id());
    }

    @GET
    @Path("/margin-runs/{id}")
    public TemplateInstance marginRun(@PathParam("id") long id) {
        return pages.page("margin-run", "Margin run " + id).data("run", runs.get(id));
    }

    /** The run's progress bar, polled until every chunk is done. */
    @GET
    @Path("/margin-runs/{id}/progress")
    public TemplateInstance marginRunProgress(@PathParam("id") long id) {
        return pages.fragment("margin-run-progress").data("run", runs.get(id));
    }

    // --- defaults ------------------------------------------------------------------------------------------

    @GET
    @Path("/defaults")
    public TemplateInstance defaults() {
        return pages.page("defaults", "Defaults")
                .data("cases", cases.list(null, PageRequest.of(0, 100)).items())
                .data("members", members.list(PageRequest.of(0, 500)).items());
    }

    @POST
    @Path("/defaults")
    @RolesAllowed(Roles.OPERATOR)
    public Response propose(@FormParam("member") String member, @FormParam("reason") String reason) {
        var proposed = cases.propose(
                pages.valid(new ProposeDefault(Pages.optional(member), Pages.optional(reason), null, null)));
        return Pages.goTo("/console/defaults/" + proposed.id());
    }

    @GET
    @Path("/defaults/{id}")
    public TemplateInstance defaultCase(@PathParam("id") long id) {
        var view = cases.get(id);
        return pages.page("default-case", "Default case " + id)
                .data("case", view)
                .data("auctions", closeOuts.auctionsOf(id))
                .data("members", members.list(PageRequest.of(0, 500)).items())
                .data(
                        "products",
                        view.openPositions() == null
                                ? List.of()
                                : view.openPositions().stream()
                                        .map(p -> p.product())
                                        .distinct()
                                        .sorted()
                                        .toList());
    }

    @POST
    @Path("/defaults/{id}/approve")
    @RolesAllowed(Roles.RISK_OFFICER)
    public Response declare(@PathParam("id") long id, @FormParam("note") String note) {
        cases.approve(id, Pages.optional(note));
        return Pages.goTo("/console/defaults/" + id);
    }

    @POST
    @Path("/defaults/{id}/reject")
    @RolesAllowed(Roles.RISK_OFFICER)
    public Response rejectCase(@PathParam("id") long id, @FormParam("reason") String reason) {
        cases.reject(id, Pages.required(reason, "reason"));
        return Pages.goTo("/console/defaults/" + id);
    }

    @POST
    @Path("/defaults/{id}/port")
    @RolesAllowed(Roles.OPERATOR)
    public Response port(
            @PathParam("id") long id,
            @FormParam("account") String account,
            @FormParam("toMember") String toMember,
            @FormParam("toAccount") String toAccount,
            @FormParam("consent") String consent) {
        porting.port(
                id,
                pages.valid(new PortAccount(
                        Pages.optional(account),
                        Pages.optional(toMember),
                        Pages.optional(toAccount),
                        Pages.optional(consent))));
        return Pages.goTo("/console/defaults/" + id);
    }

    /** Close-out prices come as {@code price.<product>} fields, one per product of the open positions. */
    @POST
    @Path("/defaults/{id}/close-out")
    @RolesAllowed(Roles.OPERATOR)
    public Response closeOut(@PathParam("id") long id, jakarta.ws.rs.core.MultivaluedMap<String, String> form) {
        Map<String, BigDecimal> prices = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            if (name.startsWith("price.") && !values.isEmpty() && Pages.optional(values.get(0)) != null) {
                String product = name.substring("price.".length());
                prices.put(product, Pages.decimal(values.get(0), "price of " + product));
            }
        });
        closeOuts.closeOut(id, prices);
        return Pages.goTo("/console/defaults/" + id);
    }

    @POST
    @Path("/defaults/{id}/auctions")
    @RolesAllowed(Roles.OPERATOR)
    public Response openAuctions(@PathParam("id") long id, @FormParam("deadline") String deadline) {
        Instant at;
        try {
            at = Instant.parse(Pages.required(deadline, "deadline"));
        } catch (DateTimeParseException e) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_VALUE, "deadline is an ISO-8601 instant such as 2026-12-01T12:00:00Z");
        }
        closeOuts.openAuctions(id, new OpenAuctions(at, null));
        return Pages.goTo("/console/defaults/" + id);
    }

    @POST
    @Path("/auctions/{id}/award")
    @RolesAllowed(Roles.OPERATOR)
    public Response proposeAward(@PathParam("id") long id) {
        return Pages.goTo("/console/defaults/" + closeOuts.proposeAward(id).caseId());
    }

    @POST
    @Path("/auctions/{id}/approve")
    @RolesAllowed(Roles.RISK_OFFICER)
    public Response approveAward(@PathParam("id") long id) {
        return Pages.goTo("/console/defaults/" + closeOuts.approveAward(id).caseId());
    }

    @POST
    @Path("/auctions/{id}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public Response cancelAuction(@PathParam("id") long id, @FormParam("reason") String reason) {
        return Pages.goTo("/console/defaults/"
                + closeOuts.cancel(id, Pages.required(reason, "reason")).caseId());
    }

    @POST
    @Path("/defaults/{id}/waterfall")
    @RolesAllowed(Roles.OPERATOR)
    public Response applyWaterfall(@PathParam("id") long id, @FormParam("costs") String costs) {
        waterfall.apply(id, Pages.optional(costs) == null ? null : Pages.decimal(costs, "costs"));
        return Pages.goTo("/console/defaults/" + id + "/report");
    }

    @POST
    @Path("/defaults/{id}/close")
    @RolesAllowed(Roles.OPERATOR)
    public Response closeCase(@PathParam("id") long id) {
        cases.close(id);
        return Pages.goTo("/console/defaults/" + id + "/report");
    }

    @GET
    @Path("/defaults/{id}/report")
    public TemplateInstance report(@PathParam("id") long id) {
        DefaultReport report = reports.report(id);
        List<Charts.Bar> bars = new ArrayList<>();
        if (report.waterfall() != null) {
            report.waterfall().layers().forEach(l -> bars.add(new Charts.Bar(l.layer(), l.used(), l.capacity())));
        }
        return pages.page("default-report", "Default report " + id)
                .data("report", report)
                .data("chart", report.waterfall() == null ? null : Charts.bars("Loss waterfall of case " + id, bars));
    }

    // --- audit ---------------------------------------------------------------------------------------------

    @GET
    @Path("/audit")
    public TemplateInstance audit(
            @QueryParam("objectType") String objectType,
            @QueryParam("objectCode") String objectCode,
            @QueryParam("actor") String actor,
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("page") Integer page) {
        var found = audit.search(
                Pages.optional(objectType),
                Pages.optional(objectCode),
                Pages.optional(actor),
                instant(from, "from"),
                instant(to, "to"),
                PageRequest.of(page == null ? 0 : page, 50));
        return pages.page("audit", "Audit log")
                .data("records", found)
                .data("objectType", orEmpty(objectType))
                .data("objectCode", orEmpty(objectCode))
                .data("actor", orEmpty(actor))
                .data("from", orEmpty(from))
                .data("to", orEmpty(to));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static Instant instant(String text, String field) {
        if (Pages.optional(text) == null) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_PARAMETER, field + " is an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
    }

    @ServerExceptionMapper
    Response refused(ApiProblem problem, ContainerRequestContext request) {
        return ConsoleErrors.of(problem, request, pages);
    }
}
