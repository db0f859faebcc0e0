package io.concordia.clearing.common;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, from the verified bearer token or, on the console, from the signed-in session (which carries the
 * same person and roles, so services decide, audit and apply four-eyes alike). Member endpoints scope every query by
 * {@link #memberCode()}, never by an identifier the caller passes.
 */
@RequestScoped
public class Caller {

    /** The claim that carries a member token's member code. */
    public static final String MEMBER_CLAIM = "member";
    /** The claim that carries, on a token this service minted, the subject of the person who minted it. */
    public static final String MINTED_BY_CLAIM = "minted_by";
    /** The identity attribute that carries, on a console session, who issued its sign-in link (the minter's analogue). */
    public static final String ISSUED_BY_ATTRIBUTE = "concordia.issued-by";

    @Inject
    SecurityIdentity identity;

    /** Whether the caller came with a bearer token (otherwise a console session). */
    private boolean bearer() {
        return identity.getPrincipal() instanceof JsonWebToken;
    }

    /**
     * The verified token itself, read from the identity rather than injected: the injectable {@code JsonWebToken} of
     * quarkus-oidc (present for the console's single sign-on) stands only for tokens that OIDC verified.
     */
    private JsonWebToken token() {
        return (JsonWebToken) identity.getPrincipal();
    }

    /** The token's subject: the person or system acting, recorded in the audit log. */
    public String actor() {
        return bearer() ? token().getSubject() : identity.getPrincipal().getName();
    }

    /** Who minted the caller's token, when this service minted it; empty for identity-provider tokens. */
    public java.util.Optional<String> mintedBy() {
        String by = bearer()
                ? token().<String>getClaim(MINTED_BY_CLAIM)
                : identity.<String>getAttribute(ISSUED_BY_ATTRIBUTE);
        return java.util.Optional.ofNullable(by).filter(s -> !s.isBlank());
    }

    /** Whether the caller's token carries the role. */
    public boolean hasRole(String role) {
        return bearer() ? token().getGroups() != null && token().getGroups().contains(role) : identity.hasRole(role);
    }

    /** The caller's token id, for revocation. */
    public String tokenId() {
        return bearer() ? token().getTokenID() : null;
    }

    /** The member this token speaks for; a member-role token without one is refused. */
    public String memberCode() {
        String member = bearer() ? token().getClaim(MEMBER_CLAIM) : null;
        if (member == null || member.isBlank()) {
            throw new ApiProblem(ProblemCode.FORBIDDEN, "the token does not name a member");
        }
        return member;
    }
}
