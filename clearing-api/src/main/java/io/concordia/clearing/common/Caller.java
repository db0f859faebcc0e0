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
    /** The claim that carries, on a token this service minted, the subject of the person who minted it. */
    public static final String MINTED_BY_CLAIM = "minted_by";

    @Inject
    JsonWebToken token;

    /** The token's subject: the person or system acting, recorded in the audit log. */
    public String actor() {
        return token.getSubject();
    }

    /** Who minted the caller's token, when this service minted it; empty for identity-provider tokens. */
    public java.util.Optional<String> mintedBy() {
        return java.util.Optional.ofNullable(token.<String>getClaim(MINTED_BY_CLAIM)).filter(s -> !s.isBlank());
    }

    /** Whether the caller's token carries the role. */
    public boolean hasRole(String role) {
        return token.getGroups() != null && token.getGroups().contains(role);
    }

    /** The caller's token id, for revocation. */
    public String tokenId() {
        return token.getTokenID();
    }

    /** The member this token speaks for; a member-role token without one is refused. */
    public String memberCode() {
        String member = token.getClaim(MEMBER_CLAIM);
        if (member == null || member.isBlank()) {
            throw new ApiProblem( ProblemCode.FORBIDDEN, "the token does not name a member");
        }
        return member;
    }
}
