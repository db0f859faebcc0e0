package io.concordia.clearing.admin;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Verifies each bearer token once and answers its later requests from memory until it expires.
 *
 * <p>A member's client sends the same token with every request for its lifetime, and verifying it (the RS256
 * signature, parsing the JSON, checking issuer and times) was 11-15 % of a what-if's CPU. The result depends only on
 * the exact token text and the verification settings, which are fixed for the life of the application, so a token seen
 * before and not yet expired is the principal it was. A revoked token is still refused: {@link RevokedTokenFilter}
 * checks revocation on every request, after this. A token is kept only until its own expiry, so the clock-skew
 * allowance past it is always decided by a fresh verification, as before.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class VerifiedTokens extends JWTCallerPrincipalFactory {

    /** Enough for every client of a busy day; past it, expired tokens are dropped, and if none are, all are. */
    static final int CAPACITY = 20_000;

    private final JWTCallerPrincipalFactory verifier;
    private final int capacity;
    private final ConcurrentHashMap<String, Verified> verified = new ConcurrentHashMap<>();
    private final LongAdder verifications = new LongAdder();

    @Inject
    Clock clock;

    public VerifiedTokens() {
        this(new DefaultJWTCallerPrincipalFactory(), CAPACITY);
    }

    VerifiedTokens(JWTCallerPrincipalFactory verifier, int capacity) {
        this.verifier = verifier;
        this.capacity = capacity;
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo settings) throws ParseException {
        long now = clock.instant().getEpochSecond();
        Verified known = verified.get(token);
        // the same settings object: a token verified under other settings (another key, issuer) is verified again
        if (known != null && known.settings == settings && now < known.principal.getExpirationTime()) {
            return known.principal;
        }
        verifications.increment();
        JWTCallerPrincipal principal = verifier.parse(token, settings);
        if (now < principal.getExpirationTime()) {
            if (verified.size() >= capacity) {
                verified.values().removeIf(v -> now >= v.principal.getExpirationTime());
                if (verified.size() >= capacity) {
                    verified.clear();
                }
            }
            verified.put(token, new Verified(principal, settings));
        }
        return principal;
    }

    /** How many tokens are remembered. */
    int size() {
        return verified.size();
    }

    /** How many times a token was verified rather than answered from memory, since the start. */
    long verifications() {
        return verifications.sum();
    }

    private record Verified(JWTCallerPrincipal principal, JWTAuthContextInfo settings) {}
}
