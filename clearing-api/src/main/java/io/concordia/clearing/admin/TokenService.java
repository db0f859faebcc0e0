package io.concordia.clearing.admin;

import io.concordia.clearing.admin.TokenDtos.MintToken;
import io.concordia.clearing.admin.TokenDtos.Token;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.member.MemberService;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mints RS256 bearer tokens with the configured signing key. This serves the embedded default and tests; a
 * production deployment verifies tokens from the organisation's identity provider and has no signing key, in
 * which case minting is refused.
 */
@ApplicationScoped
public class TokenService {

    @Inject
    MemberService members;
    @Inject
    AuditService audit;
    @Inject
    Caller caller;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @ConfigProperty(name = "smallrye.jwt.sign.key.location")
    Optional<String> signingKey;

    @Transactional
    public Token mint(MintToken request) {
        if (signingKey.isEmpty()) {
            throw ApiProblem.conflict("MINTING_DISABLED", "this deployment has no signing key; tokens come from the identity provider");
        }
        Set<String> unknown = new TreeSet<>(request.roles());
        unknown.removeAll(Roles.ALL);
        if (!unknown.isEmpty()) {
            throw ApiProblem.unprocessable("UNKNOWN_ROLE", "unknown roles " + unknown + "; known: " + new TreeSet<>(Roles.ALL));
        }
        boolean memberRole = request.roles().contains(Roles.MEMBER);
        if (memberRole != (request.member() != null)) {
            throw ApiProblem.unprocessable("MEMBER_CLAIM_MISMATCH", "a token has a member exactly when it has the member role");
        }
        if (memberRole && request.roles().size() > 1) {
            throw ApiProblem.unprocessable("MIXED_ROLES", "a member token cannot also carry operator roles");
        }
        if (memberRole && members.require(request.member()).ccp) {
            throw ApiProblem.unprocessable("CCP_MEMBER", "the CCP's own default-management member has no tokens");
        }
        Instant expiresAt = Instant.now().plusSeconds(request.ttlSeconds());
        Token token = new Token(sign(request.subject(), request.member(), request.roles(), expiresAt), expiresAt);
        audit.record("MINT_TOKEN", "token", request.subject(), null,
                Map.of("subject", request.subject(), "member", String.valueOf(request.member()),
                        "roles", new TreeSet<>(request.roles()), "expiresAt", expiresAt.toString()));
        return token;
    }

    /** Signs a token without the checks above: for the embedded default's own operator token at start-up. */
    public String sign(String subject, String member, Set<String> roles, Instant expiresAt) {
        JwtClaimsBuilder claims = Jwt.issuer(issuer).subject(subject).upn(subject).groups(roles).expiresAt(expiresAt);
        if (member != null) {
            claims.claim(Caller.MEMBER_CLAIM, member);
        }
        return claims.sign();
    }
}
