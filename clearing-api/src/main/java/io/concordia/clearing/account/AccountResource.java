package io.concordia.clearing.account;

import io.concordia.clearing.account.AccountDtos.Account;
import io.concordia.clearing.account.AccountDtos.OpenAccount;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Created;
import io.concordia.clearing.common.Roles;
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

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountResource {

    @Inject
    AccountService accounts;

    @Inject
    Caller caller;

    @GET
    @Path("/accounts")
    @RolesAllowed(Roles.MEMBER)
    public List<Account> mine() {
        return accounts.listForMember(caller.memberCode());
    }

    @GET
    @Path("/accounts/{account}")
    @RolesAllowed(Roles.MEMBER)
    public Account one(@PathParam("account") String account) {
        return accounts.getForMember(caller.memberCode(), account);
    }

    @POST
    @Path("/admin/members/{member}/accounts")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(
            responseCode = "201",
            description = "The account opened",
            content = @Content(schema = @Schema(implementation = Account.class)))
    public Response open(@PathParam("member") String member, @Valid @NotNull OpenAccount body) {
        Account opened = accounts.open(member, body);
        return Created.at(opened, "/api/v1/admin/accounts/{code}", opened.code());
    }

    @GET
    @Path("/admin/members/{member}/accounts")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public List<Account> ofMember(@PathParam("member") String member) {
        return accounts.listForMember(member);
    }

    @GET
    @Path("/admin/accounts/{account}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Account get(@PathParam("account") String account) {
        return accounts.get(account);
    }
}
