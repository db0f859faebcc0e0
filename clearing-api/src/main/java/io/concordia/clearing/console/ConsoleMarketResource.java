package io.concordia.clearing.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.margin.MarginAdminResource.DraftSchedule;
import io.concordia.clearing.margin.ScenarioSetService;
import io.concordia.clearing.margin.ScheduleService;
import io.concordia.clearing.margin.ScheduleService.ScheduleView;
import io.concordia.clearing.margin.ScheduleStatus;
import io.concordia.clearing.mark.MarkService;
import io.concordia.clearing.trade.DeadLetterService;
import io.concordia.clearing.trade.DeadLetterStatus;
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
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Marks (with overrides), dead letters (replay, discard), schedules (draft, diff, four-eyes) and scenario sets. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
public class ConsoleMarketResource {

    @Inject
    Pages pages;

    @Inject
    ConsoleReads reads;

    @Inject
    MarkService marks;

    @Inject
    DeadLetterService deadLetters;

    @Inject
    ScheduleService schedules;

    @Inject
    ScenarioSetService scenarioSets;

    @Inject
    ObjectMapper json;

    // --- marks ---------------------------------------------------------------------------------------------

    @GET
    @Path("/marks")
    public TemplateInstance marks() {
        return pages.page("marks", "Marks").data("marks", marks.list()).data("venues", reads.venuePrices());
    }

    @POST
    @Path("/marks/{product}/override")
    @RolesAllowed(Roles.OPERATOR)
    public Response override(
            @PathParam("product") String product,
            @FormParam("price") String price,
            @FormParam("iv") String iv,
            @FormParam("reason") String reason) {
        marks.override(
                product,
                Pages.decimal(price, "price"),
                Pages.optional(iv) == null ? null : Pages.decimal(iv, "iv"),
                Pages.required(reason, "reason"));
        return Pages.goTo("/console/marks");
    }

    @POST
    @Path("/marks/{product}/clear-override")
    @RolesAllowed(Roles.OPERATOR)
    public Response clearOverride(@PathParam("product") String product, @FormParam("reason") String reason) {
        marks.clearOverride(product, Pages.required(reason, "reason"));
        return Pages.goTo("/console/marks");
    }

    @POST
    @Path("/marks/{product}/accept")
    @RolesAllowed(Roles.OPERATOR)
    public Response accept(@PathParam("product") String product, @FormParam("reason") String reason) {
        marks.accept(product, null, Pages.required(reason, "reason"));
        return Pages.goTo("/console/marks");
    }

    // --- dead letters --------------------------------------------------------------------------------------

    @GET
    @Path("/dead-letters")
    public TemplateInstance deadLetters(@QueryParam("status") String status) {
        String shown = status == null || status.isBlank() ? DeadLetterStatus.OPEN.name() : status;
        if (java.util.Arrays.stream(DeadLetterStatus.values())
                .noneMatch(s -> s.name().equals(shown))) {
            throw ApiProblem.of(ProblemCode.INVALID_PARAMETER, "status is OPEN, REPLAYED or DISCARDED");
        }
        return pages.page("dead-letters", "Dead letters")
                .data("status", shown)
                .data("letters", deadLetters.list(shown, PageRequest.of(0, 200)));
    }

    @GET
    @Path("/dead-letters/{id}")
    public TemplateInstance deadLetter(@PathParam("id") long id) {
        return pages.page("dead-letter", "Dead letter " + id).data("letter", deadLetters.get(id));
    }

    @POST
    @Path("/dead-letters/{id}/replay")
    @RolesAllowed(Roles.OPERATOR)
    public Response replay(@PathParam("id") long id) {
        deadLetters.replay(id);
        return Pages.goTo("/console/dead-letters/" + id);
    }

    @POST
    @Path("/dead-letters/{id}/discard")
    @RolesAllowed(Roles.OPERATOR)
    public Response discard(@PathParam("id") long id, @FormParam("reason") String reason) {
        deadLetters.discard(id, Pages.required(reason, "reason"));
        return Pages.goTo("/console/dead-letters/" + id);
    }

    // --- schedules -----------------------------------------------------------------------------------------

    @GET
    @Path("/schedules")
    public TemplateInstance schedules() {
        List<ScheduleView> all = schedules.list();
        return pages.page("schedules", "Schedules and scenario sets")
                .data("schedules", all)
                .data("sets", scenarioSets.list())
                .data(
                        "active",
                        all.stream()
                                .filter(s -> ScheduleStatus.ACTIVE.name().equals(s.status()))
                                .findFirst()
                                .orElse(null));
    }

    @GET
    @Path("/schedules/{version}")
    public TemplateInstance schedule(@PathParam("version") String version) {
        ScheduleView view = schedules.get(version);
        return pages.page("schedule", "Schedule " + version)
                .data("schedule", view)
                .data("body", pretty(view.schedule()))
                .data(
                        "diff",
                        view.basedOn() == null
                                ? null
                                : diff(schedules.get(view.basedOn()).schedule(), view.schedule()));
    }

    @GET
    @Path("/schedules/diff")
    public TemplateInstance scheduleDiff(@QueryParam("from") String from, @QueryParam("to") String to) {
        ScheduleView a = schedules.get(Pages.required(from, "from"));
        ScheduleView b = schedules.get(Pages.required(to, "to"));
        return pages.page("schedule-diff", "Schedule " + from + " → " + to)
                .data("from", a)
                .data("to", b)
                .data("diff", diff(a.schedule(), b.schedule()))
                .data("schedules", schedules.list());
    }

    /** A draft is an operator's work (a risk officer approves, never drafts); the body is edited as JSON. */
    @POST
    @Path("/schedules")
    @RolesAllowed(Roles.OPERATOR)
    public Response draft(
            @FormParam("version") String version,
            @FormParam("basedOn") String basedOn,
            @FormParam("schedule") String schedule,
            @FormParam("note") String note) {
        JsonNode body = null;
        if (Pages.optional(schedule) != null) {
            try {
                body = json.readTree(schedule);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw ApiProblem.of(ProblemCode.MALFORMED_JSON, "the schedule is not JSON: " + e.getOriginalMessage());
            }
        }
        DraftSchedule request = pages.valid(
                new DraftSchedule(Pages.optional(version), Pages.optional(basedOn), body, Pages.optional(note)));
        ScheduleView drafted =
                schedules.draft(request.version(), request.basedOn(), request.schedule(), request.note());
        return Pages.goTo("/console/schedules/" + drafted.version());
    }

    @POST
    @Path("/schedules/{version}/approve")
    @RolesAllowed(Roles.RISK_OFFICER)
    public Response approve(@PathParam("version") String version, @FormParam("effectiveAt") String effectiveAt) {
        Instant at;
        try {
            at = Pages.optional(effectiveAt) == null ? null : Instant.parse(effectiveAt.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_VALUE, "effectiveAt is an ISO-8601 instant such as 2026-12-01T00:00:00Z");
        }
        schedules.approve(version, at);
        return Pages.goTo("/console/schedules/" + version);
    }

    @POST
    @Path("/schedules/{version}/reject")
    @RolesAllowed(Roles.RISK_OFFICER)
    public Response reject(@PathParam("version") String version, @FormParam("reason") String reason) {
        schedules.reject(version, Pages.required(reason, "reason"));
        return Pages.goTo("/console/schedules/" + version);
    }

    @GET
    @Path("/scenario-sets/{id}")
    public TemplateInstance scenarioSet(@PathParam("id") String id) {
        var set = scenarioSets.get(id);
        JsonNode returns;
        try {
            returns = json.readTree(scenarioSets.scenariosJson(id)).path("returns");
        } catch (IOException e) {
            throw new IllegalStateException("a stored scenario set is not JSON: " + id, e);
        }
        List<Charts.Series> series = new ArrayList<>();
        int colour = 0;
        for (Map.Entry<String, JsonNode> underlying : returns.properties()) {
            List<double[]> points = new ArrayList<>();
            int i = 0;
            for (JsonNode r : underlying.getValue()) {
                points.add(new double[] {i++, r.asDouble()});
            }
            series.add(
                    new Charts.Series(underlying.getKey(), Charts.PALETTE[colour++ % Charts.PALETTE.length], points));
        }
        String chart = Charts.lines(
                "Scenario returns of " + id + " per underlying",
                series,
                "scenario 1",
                "scenario " + set.scenarioCount());
        return pages.page("scenario-set", "Scenario set " + id).data("set", set).data("chart", chart);
    }

    private String pretty(JsonNode node) {
        try {
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (IOException e) {
            return String.valueOf(node);
        }
    }

    /** A change between two schedules: a JSON path and its value before and after (absent: empty). */
    public record Change(String path, String before, String after) {}

    static List<Change> diff(JsonNode before, JsonNode after) {
        Map<String, String> a = new TreeMap<>();
        Map<String, String> b = new TreeMap<>();
        flatten("", before, a);
        flatten("", after, b);
        List<Change> changes = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(a.keySet());
        paths.addAll(b.keySet());
        for (String path : paths) {
            if (path.equals("version")) {
                continue;
            }
            String x = a.getOrDefault(path, "");
            String y = b.getOrDefault(path, "");
            if (!x.equals(y)) {
                changes.add(new Change(path, x, y));
            }
        }
        return changes;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> into) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.properties()
                    .forEach(e ->
                            flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                String key = item.isObject() && item.has("underlying")
                        ? item.get("underlying").asText()
                        : item.isObject() && item.has("name") ? item.get("name").asText() : String.valueOf(i);
                flatten(prefix + "[" + key + "]", item, into);
            }
        } else {
            into.put(prefix, node.asText());
        }
    }

    @ServerExceptionMapper
    Response refused(ApiProblem problem, ContainerRequestContext request) {
        return ConsoleErrors.of(problem, request, pages);
    }
}
