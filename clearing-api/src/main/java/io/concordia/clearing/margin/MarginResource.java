package io.concordia.clearing.margin;

import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.margin.MarginCallService.MarginCallView;
import io.concordia.clearing.margin.MarginService.HistoryPoint;
import io.concordia.clearing.margin.MarginService.HypotheticalTrade;
import io.concordia.clearing.margin.MarginService.LiquidationPrice;
import io.concordia.clearing.margin.MarginService.MarginView;
import io.concordia.clearing.margin.MarginService.ModePreview;
import io.concordia.clearing.margin.MarginService.WhatIf;
import io.concordia.clearing.margin.ScheduleService.ScheduleView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** What a clearing member reads of its margin and asks of it. Scoped by the token's member: another's account is a 404. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MarginResource {

    /** Hypothetical trades on top of the account's current portfolio. */
    public record WhatIfRequest(
            @NotBlank String account,
            @NotEmpty @Size(max = 100) List<@Valid @NotNull HypotheticalTrade> trades) {}

    @Inject
    MarginService margins;

    @Inject
    MarginCallService calls;

    @Inject
    ScheduleService schedules;

    @Inject
    Caller caller;

    @GET
    @Path("/accounts/{account}/margin")
    @RolesAllowed(Roles.MEMBER)
    public MarginView margin(@PathParam("account") String account) {
        return margins.marginOf(caller.memberCode(), account);
    }

    @GET
    @Path("/accounts/{account}/margin/history")
    @RolesAllowed(Roles.MEMBER)
    public Page<HistoryPoint> history(
            @PathParam("account") String account, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return margins.historyOf(caller.memberCode(), account, PageRequest.of(page, size));
    }

    @GET
    @Path("/accounts/{account}/margin/mode-preview")
    @RolesAllowed(Roles.MEMBER)
    public ModePreview modePreview(@PathParam("account") String account) {
        return margins.modePreview(caller.memberCode(), account);
    }

    @GET
    @Path("/accounts/{account}/margin/liquidation-prices")
    @RolesAllowed(Roles.MEMBER)
    public List<LiquidationPrice> liquidationPrices(@PathParam("account") String account) {
        return margins.liquidationPrices(caller.memberCode(), account);
    }

    @GET
    @Path("/accounts/{account}/margin/liquidation-prices/underlyings")
    @RolesAllowed(Roles.MEMBER)
    public List<MarginService.UnderlyingLiquidation> underlyingLiquidationPrices(@PathParam("account") String account) {
        return margins.underlyingLiquidationPrices(caller.memberCode(), account);
    }

    @GET
    @Path("/accounts/{account}/margin/replication")
    @RolesAllowed(Roles.MEMBER)
    public com.fasterxml.jackson.databind.JsonNode replication(@PathParam("account") String account) {
        return margins.replicationOf(caller.memberCode(), account);
    }

    @GET
    @Path("/accounts/{account}/greeks")
    @RolesAllowed(Roles.MEMBER)
    public MarginService.GreeksView greeks(@PathParam("account") String account) {
        return margins.greeksOf(caller.memberCode(), account);
    }

    @GET
    @Path("/accounts/{account}/margin-calls")
    @RolesAllowed(Roles.MEMBER)
    public Page<MarginCallView> callsOf(
            @PathParam("account") String account, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return calls.callsOf(caller.memberCode(), account, PageRequest.of(page, size));
    }

    @GET
    @Path("/margin-calls")
    @RolesAllowed(Roles.MEMBER)
    public Page<MarginCallView> calls(
            @QueryParam("open") @DefaultValue("false") boolean open,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        return calls.callsOfMember(caller.memberCode(), open, PageRequest.of(page, size));
    }

    @POST
    @Path("/margin/what-if")
    @RolesAllowed(Roles.MEMBER)
    public WhatIf whatIf(@Valid @NotNull WhatIfRequest request) {
        return margins.whatIf(caller.memberCode(), request.account(), request.trades());
    }

    @GET
    @Path("/margin/schedule")
    @RolesAllowed({Roles.MEMBER, Roles.OPERATOR, Roles.RISK_OFFICER})
    public ScheduleView activeSchedule() {
        return schedules.active();
    }
}
