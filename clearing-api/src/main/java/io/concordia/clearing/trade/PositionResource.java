package io.concordia.clearing.trade;

import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.trade.PositionService.PositionView;
import io.concordia.clearing.trade.PositionService.TradeView;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
public class PositionResource {

    @Inject
    PositionService positions;

    @Inject
    Caller caller;

    @GET
    @Path("/accounts/{account}/positions")
    public List<PositionView> positions(@PathParam("account") String account) {
        return positions.positionsOf(caller.memberCode(), account);
    }

    @GET
    @Path("/accounts/{account}/trades")
    public Page<TradeView> trades(
            @PathParam("account") String account, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return positions.tradesOf(caller.memberCode(), account, PageRequest.of(page, size));
    }
}
