package io.concordia.clearing.member;

import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Created;
import io.concordia.clearing.common.Page;
import io.concordia.clearing.common.PageRequest;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.member.MemberDtos.CreateMember;
import io.concordia.clearing.member.MemberDtos.Member;
import io.concordia.clearing.member.MemberDtos.StatusChange;
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
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MemberResource {

    @Inject
    MemberService members;

    @Inject
    Caller caller;

    @GET
    @Path("/me")
    @RolesAllowed(Roles.MEMBER)
    @APIResponse(
            responseCode = "200",
            description = "The caller's member",
            content = @Content(schema = @Schema(implementation = Member.class)))
    @APIResponse(responseCode = "404", description = "The token names a member that does not exist")
    public Member me() {
        return members.get(caller.memberCode());
    }

    @POST
    @Path("/admin/members")
    @RolesAllowed(Roles.OPERATOR)
    @APIResponse(
            responseCode = "201",
            description = "The member created",
            content = @Content(schema = @Schema(implementation = Member.class)))
    public Response create(@Valid @NotNull CreateMember body) {
        Member created = members.create(body);
        return Created.at(created, "/api/v1/admin/members/{code}", created.code());
    }

    @GET
    @Path("/admin/members")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Page<Member> list(@QueryParam("page") Integer page, @QueryParam("size") Integer size) {
        return members.list(PageRequest.of(page, size));
    }

    @GET
    @Path("/admin/members/{code}")
    @RolesAllowed({Roles.OPERATOR, Roles.RISK_OFFICER})
    public Member get(@PathParam("code") String code) {
        return members.get(code);
    }

    @POST
    @Path("/admin/members/{code}/suspend")
    @RolesAllowed(Roles.OPERATOR)
    public Member suspend(@PathParam("code") String code, @Valid @NotNull StatusChange body) {
        return members.suspend(code, body.reason());
    }

    @POST
    @Path("/admin/members/{code}/reinstate")
    @RolesAllowed(Roles.OPERATOR)
    public Member reinstate(@PathParam("code") String code, @Valid @NotNull StatusChange body) {
        return members.reinstate(code, body.reason());
    }
}
