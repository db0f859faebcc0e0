package io.concordia.clearing.admin;

import io.concordia.clearing.admin.TokenDtos.MintToken;
import io.concordia.clearing.admin.TokenDtos.Token;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.member.MemberService;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Mints RS256 bearer tokens with the configured signing key. This serves the embedded default and tests; a
 * production deployment verifies tokens from the organisation's identity provider and has no signing key, in
 * which case minting is refused.
 */
@ApplicationScoped
public class TokenService {

    @Inject
    Clock clock;

    @Inject
    MemberService members;

    @Inject
    AuditService audit;

    @Inject
    Caller caller;

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @Inject
    DataSource dataSource;

    /** Production switches minting off: identities then come from the identity provider only. */
    @ConfigProperty(name = "concordia.tokens.minting-enabled", defaultValue = "true")
    boolean mintingEnabled;

    @ConfigProperty(name = "smallrye.jwt.sign.key.location")
    Optional<String> signingKey;

    @Transactional
    public Token mint(MintToken request) {
        if (!mintingEnabled || signingKey.isEmpty()) {
            throw ApiProblem.of(
                    ProblemCode.MINTING_DISABLED,
                    "minting is switched off here; tokens come from the identity provider");
        }
        Set<String> unknown = new TreeSet<>(request.roles());
        unknown.removeAll(Roles.ALL);
        if (!unknown.isEmpty()) {
            throw ApiProblem.of(
                    ProblemCode.UNKNOWN_ROLE, "unknown roles " + unknown + "; known: " + new TreeSet<>(Roles.ALL));
        }
        boolean memberRole = request.roles().contains(Roles.MEMBER);
        if (memberRole != (request.member() != null)) {
            throw ApiProblem.of(
                    ProblemCode.MEMBER_CLAIM_MISMATCH, "a token has a member exactly when it has the member role");
        }
        if (memberRole && request.roles().size() > 1) {
            throw ApiProblem.of(ProblemCode.MIXED_ROLES, "a member token cannot also carry operator roles");
        }
        if (memberRole && members.require(request.member()).ccp) {
            throw ApiProblem.of(ProblemCode.CCP_MEMBER, "the CCP's own default-management member has no tokens");
        }
        requireMayMint(request.roles());
        String mintedBy = caller.actor();
        if (request.subject().equals(mintedBy)) {
            throw ApiProblem.of(ProblemCode.SELF_MINT, "a token cannot be minted for its minter's own subject");
        }
        Instant now = clock.instant();
        Instant expiresAt = now.plusSeconds(request.ttlSeconds());
        String jti = UUID.randomUUID().toString();
        Token token = new Token(
                sign(jti, request.subject(), request.member(), request.roles(), mintedBy, expiresAt), expiresAt);
        String roles = String.join(",", new TreeSet<>(request.roles()));
        Jdbc.with(dataSource, c -> {
            MintedTokens.record(c, jti, request.subject(), request.member(), roles, mintedBy, now, expiresAt);
            return null;
        });
        audit.record(
                "MINT_TOKEN",
                "token",
                request.subject(),
                null,
                Map.of(
                        "jti",
                        jti,
                        "subject",
                        request.subject(),
                        "member",
                        String.valueOf(request.member()),
                        "roles",
                        roles,
                        "mintedBy",
                        mintedBy,
                        "expiresAt",
                        expiresAt.toString()));
        return token;
    }

    /**
     * A caller mints no role it could not grant: member tokens need the operator or token-admin role; operator and
     * risk-officer tokens need token-admin; token-admin itself is never minted (only the bootstrap token holds it).
     */
    private void requireMayMint(Set<String> roles) {
        if (roles.contains(Roles.TOKEN_ADMIN)) {
            throw new ApiProblem(ProblemCode.ROLE_NOT_GRANTABLE, "the token-admin role is never minted");
        }
        boolean privileged = roles.stream().anyMatch(Roles.PRIVILEGED::contains);
        if (privileged && !caller.hasRole(Roles.TOKEN_ADMIN)) {
            throw new ApiProblem(
                    ProblemCode.ROLE_NOT_GRANTABLE,
                    "minting operator or risk-officer tokens needs the token-admin role");
        }
        if (!privileged && !caller.hasRole(Roles.OPERATOR) && !caller.hasRole(Roles.TOKEN_ADMIN)) {
            throw new ApiProblem(
                    ProblemCode.ROLE_NOT_GRANTABLE, "minting member tokens needs the operator or token-admin role");
        }
    }

    /** Signs a token without the checks above: for the embedded default's own bootstrap token at start-up. */
    public String sign(
            String jti, String subject, String member, Set<String> roles, String mintedBy, Instant expiresAt) {
        JwtClaimsBuilder claims = Jwt.issuer(issuer)
                .subject(subject)
                .upn(subject)
                .groups(roles)
                .expiresAt(expiresAt)
                .claim("jti", jti);
        if (member != null) {
            claims.claim(Caller.MEMBER_CLAIM, member);
        }
        if (mintedBy != null) {
            claims.claim(Caller.MINTED_BY_CLAIM, mintedBy);
        }
        return claims.sign();
    }
}
