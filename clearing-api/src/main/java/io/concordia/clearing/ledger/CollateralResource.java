package io.concordia.clearing.ledger;

import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Created;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.ledger.LedgerDtos.Balance;
import io.concordia.clearing.ledger.LedgerDtos.BucketBalance;
import io.concordia.clearing.ledger.LedgerDtos.BucketMove;
import io.concordia.clearing.ledger.LedgerDtos.Deposit;
import io.concordia.clearing.ledger.LedgerDtos.DepositReceipt;
import io.concordia.clearing.ledger.LedgerDtos.LedgerLine;
import io.concordia.clearing.ledger.LedgerDtos.Rejection;
import io.concordia.clearing.ledger.LedgerDtos.Withdrawal;
import io.concordia.clearing.ledger.LedgerDtos.WithdrawalRequest;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Collateral: members read balances and history and request withdrawals; operators book deposits and decide. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CollateralResource {

    @Inject
    LedgerService ledger;

    @Inject
    Caller caller;

    @GET
    @Path("/accounts/{account}/collateral")
    @RolesAllowed(Roles.MEMBER)
    public List<Balance> collateral(@PathParam("account") String account) {
        return ledger.balancesOf(caller.memberCode(), account);
    }

    @GET
    @Path("/accounts/{account}/ledger")
    @RolesAllowed(Roles.MEMBER)
    public Page<LedgerLine> history(
            @PathParam("account") String account, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return ledger.historyOf(caller.memberCode(), account, PageRequest.of(page, size));
    }

    @POST
    @Path("/accounts/{account}/withdrawals")
    @RolesAllowed(Roles.MEMBER)
    @APIResponse(
            responseCode = "201",
            description = "The withdrawal requested",
            content = @Content(schema = @Schema(implementation = Withdrawal.class)))
    public Response requestWithdrawal(@PathParam("account") String account, @Valid @NotNull WithdrawalRequest body) {
        return Created.at(
                ledger.requestWithdrawal(caller.memberCode(), account, body),
                "/api/v1/accounts/{account}/withdrawals",
                account);
    }

    @GET
    @Path("/accounts/{account}/withdrawals")
    @RolesAllowed(Roles.MEMBER)
    public Page<Withdrawal> withdrawals(
            @PathParam("account") String account, @QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return ledger.listWithdrawalsOf(caller.memberCode(), account, PageRequest.of(page, size));
    }

    @GET
    @Path("/accounts/{account}/buckets")
    @RolesAllowed(Roles.MEMBER)
    public List<BucketBalance> buckets(@PathParam("account") String account) {
        return ledger.bucketsOf(caller.memberCode(), account);
    }

    @POST
    @Path("/accounts/{account}/buckets/{product}/allocate")
    @RolesAllowed(Roles.MEMBER)
    public BucketBalance allocate(
            @PathParam("account") String account,
            @PathParam("product") String product,
            @Valid @NotNull BucketMove body) {
        return ledger.allocate(caller.memberCode(), account, product, body);
    }

    @POST
    @Path("/accounts/{account}/buckets/{product}/release")
    @RolesAllowed(Roles.MEMBER)
    public BucketBalance release(
            @PathParam("account") String account,
            @PathParam("product") String product,
            @Valid @NotNull BucketMove body) {
        return ledger.release(caller.memberCode(), account, product, body);
    }

    @POST
    @Path("/admin/accounts/{account}/deposits")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(
            responseCode = "201",
            description = "The deposit booked",
            content = @Content(schema = @Schema(implementation = DepositReceipt.class)))
    @APIResponse(
            responseCode = "200",
            description = "A repeat of a booked reference: the first receipt, nothing booked",
            content = @Content(schema = @Schema(implementation = DepositReceipt.class)))
    public Response deposit(@PathParam("account") String account, @Valid @NotNull Deposit body) {
        LedgerService.DepositOutcome outcome = ledger.deposit(account, body);
        // a repeat of a booked reference answers the first receipt, and creates nothing
        return outcome.repeat()
                ? Response.ok(outcome.receipt()).build()
                : Created.at(outcome.receipt(), "/api/v1/accounts/{account}/ledger", account);
    }

    @GET
    @Path("/admin/withdrawals")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Page<Withdrawal> pending(
            @QueryParam("status") WithdrawalStatus status,
            @QueryParam("page") Integer page,
            @QueryParam("size") Integer size) {
        return ledger.listWithdrawals(status, PageRequest.of(page, size));
    }

    @POST
    @Path("/admin/withdrawals/{id}/approve")
    @RolesAllowed(Roles.OPERATOR)
    public Withdrawal approve(@PathParam("id") long id) {
        return ledger.approveWithdrawal(id);
    }

    @POST
    @Path("/admin/withdrawals/{id}/reject")
    @RolesAllowed(Roles.OPERATOR)
    public Withdrawal reject(@PathParam("id") long id, @Valid @NotNull Rejection body) {
        return ledger.rejectWithdrawal(id, body.reason());
    }
}
