package io.concordia.clearing.common;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified bearer token. Member endpoints scope every query by {@link #memberCode()},
 * never by an identifier the caller passes.
 */
@RequestScoped
public class Caller {

    /** The claim that carries a member token's member code. */
    public static final String MEMBER_CLAIM = "member";

    @Inject
    JsonWebToken token;

    /** The token's subject: the person or system acting, recorded in the audit log. */
    public String actor() {
        return token.getSubject();
    }

    /** The member this token speaks for; a member-role token without one is refused. */
    public String memberCode() {
        String member = token.getClaim(MEMBER_CLAIM);
        if (member == null || member.isBlank()) {
            throw new ApiProblem(403, "FORBIDDEN", "the token does not name a member");
        }
        return member;
    }
}
