package io.concordia.clearing.console;

import io.concordia.clearing.account.AccountDtos.Account;
import io.concordia.clearing.account.AccountService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.ledger.LedgerService;
import io.concordia.clearing.margin.CallStatus;
import io.concordia.clearing.margin.MarginCallService;
import io.concordia.clearing.margin.MarginService;
import io.concordia.clearing.margin.MarginService.HistoryPoint;
import io.concordia.clearing.mark.MarkService;
import io.concordia.clearing.member.MemberService;
import io.concordia.clearing.settlement.CycleReads;
import io.concordia.clearing.trade.DeadLetterService;
import io.concordia.clearing.trade.DeadLetterStatus;
import io.concordia.clearing.trade.PositionService;
import io.quarkus.qute.TemplateInstance;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The overview (polled, so it stays live), the members and an account with its margin, chart, calls and ledger. */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
public class ConsoleAccountResource {

    @Inject
    Clock clock;

    @Inject
    Pages pages;

    @Inject
    ConsoleReads reads;

    @Inject
    MemberService members;

    @Inject
    AccountService accounts;

    @Inject
    MarginService margins;

    @Inject
    MarginCallService calls;

    @Inject
    MarkService marks;

    @Inject
    DeadLetterService deadLetters;

    @Inject
    CycleReads cycles;

    @Inject
    PositionService positions;

    @Inject
    LedgerService ledger;

    @GET
    public TemplateInstance overview() {
        return pages.page("overview", "Overview");
    }

    /** The overview's figures, polled by the page every few seconds. */
    @GET
    @Path("/overview/live")
    public TemplateInstance overviewLive() {
        var openCalls = CallStatus.OPEN.stream()
                .flatMap(status -> calls.all(status.name(), PageRequest.of(0, 100)).items().stream())
                .sorted((a, b) -> a.deadline() == null
                        ? 1
                        : b.deadline() == null ? -1 : a.deadline().compareTo(b.deadline()))
                .toList();
        var lastCycle =
                cycles.list(PageRequest.of(0, 1)).items().stream().findFirst().orElse(null);
        return pages.fragment("overview-live")
                .data("members", members.list(PageRequest.of(0, 1)).total())
                .data("totals", reads.marginTotals())
                .data("calls", openCalls)
                .data("marks", marks.needingAttention())
                .data(
                        "deadLetters",
                        deadLetters
                                .list(DeadLetterStatus.OPEN.name(), PageRequest.of(0, 1))
                                .total())
                .data("lags", reads.consumerLag())
                .data("cycle", lastCycle)
                .data("now", clock.instant().truncatedTo(ChronoUnit.SECONDS));
    }

    @GET
    @Path("/members")
    public TemplateInstance members() {
        return pages.page("members", "Members")
                .data("members", members.list(PageRequest.of(0, 500)).items());
    }

    @GET
    @Path("/members/{member}")
    public TemplateInstance member(@PathParam("member") String member) {
        List<Account> list = accounts.listForMember(member);
        List<Object[]> rows = new ArrayList<>();
        for (Account a : list) {
            MarginService.MarginView margin;
            try {
                margin = margins.marginOf(a.code());
            } catch (ApiProblem notMarginedYet) {
                margin = null;
            }
            rows.add(new Object[] {a, margin});
        }
        return pages.page("member", "Member " + member)
                .data("member", members.get(member))
                .data("rows", rows);
    }

    @GET
    @Path("/accounts/{account}")
    public TemplateInstance account(@PathParam("account") String code) {
        Account account = accounts.get(code);
        String member = account.member();
        MarginService.MarginView margin;
        try {
            margin = margins.marginOf(code);
        } catch (ApiProblem notMarginedYet) {
            margin = null;
        }
        List<HistoryPoint> history = new ArrayList<>(
                margins.historyOf(member, code, PageRequest.of(0, 500)).items());
        java.util.Collections.reverse(history);
        return pages.page("account", "Account " + code)
                .data("account", account)
                .data("margin", margin)
                .data("breakdown", margin == null ? null : JsonTables.lay(margin.breakdown()))
                .data("chart", marginChart(code, history))
                .data("positions", positions.positionsOf(member, code))
                .data("balances", ledger.balancesOf(member, code))
                .data(
                        "calls",
                        calls.callsOf(member, code, PageRequest.of(0, 50)).items())
                .data(
                        "ledger",
                        ledger.historyOf(member, code, PageRequest.of(0, 50)).items());
    }

    static String marginChart(String account, List<HistoryPoint> history) {
        Function<Function<HistoryPoint, BigDecimal>, List<double[]>> points = figure -> history.stream()
                .map(h -> new double[] {
                    h.computedAt().toEpochMilli() / 1000.0, figure.apply(h).doubleValue()
                })
                .toList();
        List<Charts.Series> series = List.of(
                new Charts.Series(
                        "IM", Charts.PALETTE[0], points.apply(h -> h.figures().im())),
                new Charts.Series(
                        "MM", Charts.PALETTE[1], points.apply(h -> h.figures().mm())),
                new Charts.Series(
                        "equity",
                        Charts.PALETTE[2],
                        points.apply(h -> h.figures().equity())));
        String first = history.isEmpty()
                ? ""
                : history.get(0).computedAt().truncatedTo(ChronoUnit.SECONDS).toString();
        String last = history.isEmpty()
                ? ""
                : history.get(history.size() - 1)
                        .computedAt()
                        .truncatedTo(ChronoUnit.SECONDS)
                        .toString();
        return Charts.lines("IM, MM and equity of " + account + " (USD)", series, first, last);
    }

    @ServerExceptionMapper
    Response refused(ApiProblem problem, ContainerRequestContext request) {
        return ConsoleErrors.of(problem, request, pages);
    }
}
