package io.concordia.clearing.support;

import io.smallrye.jwt.build.Jwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/** Bearer tokens signed with the test key, as the identity provider would issue them. */
public final class Tokens {

    public static final String ISSUER = "https://concordia.local";

    private Tokens() {}

    public static String operator() {
        return operator("op-alice");
    }

    public static String operator(String subject) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .upn(subject)
                .groups(Set.of("operator"))
                .expiresIn(Duration.ofHours(1))
                .sign();
    }

    public static String riskOfficer(String subject) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .upn(subject)
                .groups(Set.of("risk-officer"))
                .expiresIn(Duration.ofHours(1))
                .sign();
    }

    /** Like the embedded default's bootstrap token: operator and token-admin. */
    public static String tokenAdmin(String subject) {
        return of(subject, "operator", "token-admin");
    }

    /** A token with exactly these roles, as the identity provider would issue it. */
    public static String of(String subject, String... roles) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .upn(subject)
                .groups(Set.of(roles))
                .expiresIn(Duration.ofHours(1))
                .sign();
    }

    public static String member(String memberCode) {
        return Jwt.issuer(ISSUER)
                .subject("trader@" + memberCode)
                .upn("trader@" + memberCode)
                .groups(Set.of("member"))
                .claim("member", memberCode)
                .expiresIn(Duration.ofHours(1))
                .sign();
    }

    public static String expiredOperator() {
        return Jwt.issuer(ISSUER)
                .subject("op-old")
                .groups(Set.of("operator"))
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600))
                .sign();
    }

    public static String wrongIssuer() {
        return Jwt.issuer("https://elsewhere.example")
                .subject("op-x")
                .groups(Set.of("operator"))
                .expiresIn(Duration.ofHours(1))
                .sign();
    }
}
