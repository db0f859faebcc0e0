package io.concordia.clearing.console;

import io.concordia.clearing.admin.MintedTokens;
import io.concordia.clearing.admin.RevocationService;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.common.Sql;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Sign-in codes and sessions of the console. A code (what a one-time link carries) is single-use and short-lived; a
 * session (what the cookie carries) expires and can be signed out. Both are 256-bit random secrets stored only as
 * their SHA-256, in PostgreSQL so that every instance shares them. Only operators and risk officers sign in: a member
 * has no console.
 */
@ApplicationScoped
public class ConsoleSessions {

    /** The roles a console person may hold. */
    public static final Set<String> CONSOLE_ROLES = Set.of(Roles.OPERATOR, Roles.RISK_OFFICER);

    /** A signed-in person as the cookie's session knows them. */
    public record Session(
            long id, String subject, Set<String> roles, String issuedBy, String csrfToken, Instant expiresAt) {}

    /** A redeemed code: the cookie value to set (never stored) and the session it opens. */
    public record SignedIn(String cookieValue, Session session) {}

    public record Link(String subject, Set<String> roles, Instant expiresAt, String code) {}

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    DataSource dataSource;

    @Inject
    Clock clock;

    @Inject
    AuditService audit;

    @Inject
    Caller caller;

    @Inject
    RevocationService revocations;

    @Inject
    ConsoleConfig config;

    /**
     * A one-time sign-in code for a person, issued by the calling token admin (audited, and recorded like a minted token
     * so that four-eyes knows who stands behind whom).
     */
    @Transactional
    public Link issue(String subject, Set<String> roles) {
        Set<String> wanted = new TreeSet<>(roles);
        if (wanted.isEmpty() || !CONSOLE_ROLES.containsAll(wanted)) {
            throw new ApiProblem(
                    ProblemCode.ROLE_NOT_GRANTABLE,
                    "a console sign-in carries operator and/or risk-officer only, not " + wanted);
        }
        String issuedBy = caller.actor();
        if (subject.equals(issuedBy)) {
            throw ApiProblem.of(ProblemCode.SELF_MINT, "a sign-in link cannot be issued for its issuer's own subject");
        }
        Link link = insertCode(subject, wanted, issuedBy);
        Jdbc.with(dataSource, c -> {
            MintedTokens.record(
                    c,
                    "console-sign-in:" + sha256(link.code()).substring(0, 32),
                    subject,
                    null,
                    String.join(",", wanted),
                    issuedBy,
                    clock.instant(),
                    link.expiresAt());
            return null;
        });
        Map<String, String> after = new LinkedHashMap<>();
        after.put("subject", subject);
        after.put("roles", String.join(",", wanted));
        after.put("expiresAt", link.expiresAt().toString());
        audit.record("ISSUE_CONSOLE_SIGN_IN", "console-session", subject, null, after);
        return link;
    }

    /** The start-up link of the embedded default: issued by nobody, for the operator who started the service. */
    @Transactional
    public Link issueAtStart(String subject, Set<String> roles) {
        return insertCode(subject, new TreeSet<>(roles), null);
    }

    private Link insertCode(String subject, Set<String> roles, String issuedBy) {
        String code = randomSecret();
        Instant now = clock.instant();
        Instant expiresAt = now.plus(config.signInTtl());
        Jdbc.with(
                dataSource,
                c -> Sql.on(c).update("""
                        INSERT INTO console_sign_in_code (code_hash, subject, roles, issued_by, issued_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?)""", sha256(code), subject, String.join(",", roles), issuedBy, now, expiresAt));
        return new Link(subject, roles, expiresAt, code);
    }

    /** Spends a sign-in code (once, before it expires) and opens a session; audited as the person signing in. */
    @Transactional
    public SignedIn redeem(String code) {
        Instant now = clock.instant();
        record Claim(String subject, String roles, String issuedBy) {}
        Optional<Claim> claim = Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .first(
                                """
                        UPDATE console_sign_in_code SET used_at = ?
                        WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?
                        RETURNING subject, roles, issued_by""",
                                row -> new Claim(row.string("subject"), row.string("roles"), row.string("issued_by")),
                                now,
                                sha256(code == null ? "" : code),
                                now));
        Claim spent = claim.orElseThrow(() -> new ApiProblem(
                ProblemCode.SIGN_IN_CODE_INVALID, "this sign-in link is unknown, used or expired: ask for a new one"));
        if (revocations.isRevoked(spent.subject(), null)) {
            throw new ApiProblem(ProblemCode.TOKEN_REVOKED, "this person's access has been revoked");
        }
        return open(spent.subject(), new TreeSet<>(roles(spent.roles())), spent.issuedBy(), "LINK", now);
    }

    /**
     * Opens a session for a person the identity provider has just authenticated, with the console roles their groups
     * map to; audited as that person. No one issued it, so four-eyes sees no issuer.
     */
    @Transactional
    public SignedIn signInFromIdentityProvider(String subject, Set<String> roles) {
        if (roles.isEmpty() || !CONSOLE_ROLES.containsAll(roles)) {
            throw new IllegalArgumentException("roles must be console roles, not " + roles);
        }
        if (revocations.isRevoked(subject, null)) {
            throw new ApiProblem(ProblemCode.TOKEN_REVOKED, "this person's access has been revoked");
        }
        return open(subject, new TreeSet<>(roles), null, "OIDC", clock.instant());
    }

    /** Records that the identity provider authenticated a person whom no console role fits, so no session was opened. */
    @Transactional
    public void refuseFromIdentityProvider(String subject, String why, Set<String> groups) {
        audit.recordAs(
                subject,
                "CONSOLE_SIGN_IN_REFUSED",
                "console-session",
                subject,
                null,
                Map.of("via", "OIDC", "reason", why, "groups", String.join(",", new TreeSet<>(groups))));
    }

    /** The one place a session starts: a fresh cookie secret (only its hash stored) and form token; audited. */
    private SignedIn open(String subject, Set<String> roles, String issuedBy, String via, Instant now) {
        String cookie = randomSecret();
        String csrf = randomSecret();
        Instant expiresAt = now.plus(config.sessionTtl());
        String joinedRoles = String.join(",", roles);
        long id = Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .one(
                                """
                        INSERT INTO console_session (session_hash, csrf_token, subject, roles, issued_by, via, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                                row -> row.longValue("id"),
                                sha256(cookie),
                                csrf,
                                subject,
                                joinedRoles,
                                issuedBy,
                                via,
                                now,
                                expiresAt));
        audit.recordAs(
                subject,
                "CONSOLE_SIGN_IN",
                "console-session",
                String.valueOf(id),
                null,
                Map.of("subject", subject, "roles", joinedRoles, "via", via, "expiresAt", expiresAt.toString()));
        return new SignedIn(cookie, new Session(id, subject, Set.copyOf(roles), issuedBy, csrf, expiresAt));
    }

    /** The live session a cookie names: not expired, not signed out, its person not revoked. */
    public Optional<Session> find(String cookieValue) {
        if (cookieValue == null || cookieValue.isBlank() || cookieValue.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<Session> session = Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .first(
                                """
                        SELECT id, subject, roles, issued_by, csrf_token, expires_at FROM console_session
                        WHERE session_hash = ? AND signed_out_at IS NULL AND expires_at > ?""",
                                row -> new Session(
                                        row.longValue("id"),
                                        row.string("subject"),
                                        roles(row.string("roles")),
                                        row.string("issued_by"),
                                        row.string("csrf_token"),
                                        row.instant("expires_at")),
                                sha256(cookieValue),
                                now));
        return session.filter(s -> !revocations.isRevoked(s.subject(), null));
    }

    /** Ends the caller's session; audited. */
    @Transactional
    public void signOut(long sessionId) {
        int ended = Jdbc.with(
                dataSource,
                c -> Sql.on(c)
                        .update(
                                "UPDATE console_session SET signed_out_at = ? WHERE id = ? AND signed_out_at IS NULL",
                                clock.instant(),
                                sessionId));
        if (ended == 1) {
            audit.record("CONSOLE_SIGN_OUT", "console-session", String.valueOf(sessionId), null, null);
        }
    }

    /** Compares a presented form token with the session's in constant time. */
    public static boolean csrfMatches(Session session, String presented) {
        return presented != null
                && MessageDigest.isEqual(
                        session.csrfToken().getBytes(StandardCharsets.UTF_8),
                        presented.getBytes(StandardCharsets.UTF_8));
    }

    private static Set<String> roles(String joined) {
        return Set.copyOf(Arrays.asList(joined.split(",")));
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String secret) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
