package io.concordia.clearing.default_;

import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Created;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.default_.DefaultDtos.Bid;
import io.concordia.clearing.default_.DefaultDtos.ChargeView;
import io.concordia.clearing.default_.DefaultDtos.MemberAuctionView;
import io.concordia.clearing.default_.DefaultDtos.MyBid;
import io.concordia.clearing.default_.DefaultDtos.MyContribution;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * What members see of default management, scoped to the token's member: the open auctions (never their own default's),
 * their own bids only, their contribution, and what defaults charged them.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.MEMBER)
public class DefaultMemberResource {

    @Inject
    CloseOutService auctions;

    @Inject
    DefaultFundService fund;

    @Inject
    Caller caller;

    @GET
    @Path("/auctions")
    public List<MemberAuctionView> open() {
        return auctions.openAuctionsFor(caller.memberCode());
    }

    @GET
    @Path("/auctions/{id}")
    public MemberAuctionView one(@PathParam("id") long id) {
        return auctions.auctionFor(caller.memberCode(), id);
    }

    @GET
    @Path("/auctions/{id}/bids")
    public List<MyBid> myBids(@PathParam("id") long id) {
        return auctions.auctionFor(caller.memberCode(), id).myBids();
    }

    @POST
    @Path("/auctions/{id}/bids")
    @APIResponse(
            responseCode = "201",
            description = "The bid placed",
            content = @Content(schema = @Schema(implementation = MyBid.class)))
    public Response bid(@PathParam("id") long id, @Valid @NotNull Bid body) {
        return Created.at(auctions.bid(caller.memberCode(), id, body), "/api/v1/auctions/{id}/bids", id);
    }

    @GET
    @Path("/default-fund")
    public MyContribution contribution() {
        return fund.contributionOf(caller.memberCode());
    }

    @GET
    @Path("/default-charges")
    public List<ChargeView> charges() {
        return fund.chargesOf(caller.memberCode());
    }
}
