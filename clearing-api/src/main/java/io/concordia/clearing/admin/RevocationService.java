package io.concordia.clearing.admin;

import io.concordia.clearing.admin.TokenDtos.Revocation;
import io.concordia.clearing.audit.AuditService;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Caller;
import io.concordia.clearing.common.DatabaseFailure;
import io.concordia.clearing.common.Jdbc;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Sql;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * Revoked subjects and token ids. Every request is checked against an in-memory copy (two hash look-ups), refreshed
 * from the database every few seconds so that a revocation made on another instance takes effect there too; on the
 * instance that records it, it takes effect at once.
 */
@ApplicationScoped
public class RevocationService {

    private static final Logger LOG = Logger.getLogger(RevocationService.class);

    @Inject
    Clock clock;

    @Inject
    DataSource dataSource;

    @Inject
    AuditService audit;

    @Inject
    Caller caller;

    /** As last read from the database. */
    private volatile Revoked revoked = new Revoked(Set.of(), Set.of());
    /** Recorded on this instance: kept apart so that a refresh that read before their commit cannot drop them. */
    private final Revoked recordedHere = new Revoked(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet());

    private record Revoked(Set<String> subjects, Set<String> tokenIds) {
        boolean covers(String subject, String tokenId) {
            return (subject != null && subjects.contains(subject)) || (tokenId != null && tokenIds.contains(tokenId));
        }
    }

    public boolean isRevoked(String subject, String tokenId) {
        return revoked.covers(subject, tokenId) || recordedHere.covers(subject, tokenId);
    }

    /** Revokes every token of a subject, or one token by id; idempotent. */
    @Transactional
    public Revocation revoke(Revocation request) {
        if ((request.subject() == null) == (request.tokenId() == null)) {
            throw ApiProblem.of(ProblemCode.REVOCATION_TARGET, "name exactly one of subject and tokenId");
        }
        String kind = request.subject() != null ? "SUBJECT" : "TOKEN";
        String value = request.subject() != null ? request.subject() : request.tokenId();
        if (kind.equals("SUBJECT") && value.equals(caller.actor())) {
            throw ApiProblem.of(ProblemCode.REVOCATION_TARGET, "a token admin cannot revoke its own subject");
        }
        Jdbc.with(
                dataSource, c -> Sql.on(c).update("""
                        INSERT INTO token_revocation (kind, value, revoked_by, revoked_at, reason) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (kind, value) DO NOTHING""", kind, value, caller.actor(), clock.instant(), request.reason()));
        audit.record(
                "REVOKE_TOKEN",
                "token-revocation",
                kind + ":" + value,
                null,
                Map.of("kind", kind, "value", value, "reason", String.valueOf(request.reason())));
        (kind.equals("SUBJECT") ? recordedHere.subjects() : recordedHere.tokenIds()).add(value);
        return request;
    }

    @Scheduled(every = "${concordia.tokens.revocation-refresh:5s}", delayed = "0s")
    void refresh() {
        try {
            revoked = load();
        } catch (DatabaseFailure e) {
            // the list loaded last stays in force; a database that is down is logged once a refresh, not as an error
            // with its stack trace every few seconds (requests that need the database answer 503 meanwhile)
            LOG.warnf("revocations not refreshed, the list loaded last stays in force: %s", e.getMessage());
        }
    }

    private Revoked load() {
        return Jdbc.with(dataSource, c -> {
            Set<String> subjects = new HashSet<>();
            Set<String> tokenIds = new HashSet<>();
            for (Map.Entry<String, String> revocation : Sql.on(c)
                    .list(
                            "SELECT kind, value FROM token_revocation",
                            row -> Map.entry(row.string("kind"), row.string("value")))) {
                (revocation.getKey().equals("SUBJECT") ? subjects : tokenIds).add(revocation.getValue());
            }
            return new Revoked(Set.copyOf(subjects), Set.copyOf(tokenIds));
        });
    }
}
