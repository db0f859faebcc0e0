package io.concordia.clearing.admin;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Bearer tokens that were fully verified once, kept until they expire. Clients send the same token with many requests,
 * and parsing it and checking its RS256 signature again each time was about a fifth of the JVM's CPU time in a profile
 * of the margin what-if endpoint.
 *
 * <p>Quarkus's {@code MpJwtValidator} verifies every bearer token through the {@link JWTParser} bean's
 * {@link #parse(String)}; this alternative stands in for smallrye's {@link DefaultJWTParser} there. A token is answered
 * from here only if the very same token string (the map's key, compared in full) passed {@link DefaultJWTParser} before
 * and the checks that depend on the time still hold: its {@code exp} has not passed (without the clock skew: from
 * {@code exp} on, every use is verified afresh, so the skew is smallrye's to allow, as before), nor its maximum age
 * ({@code mp.jwt.verify.token.age}) if one is configured. The other checks (signature, issuer, audience, required
 * claims) give the same answer for the same string every time. A token that fails verification is never kept.
 * Revocation is not affected: {@link RevokedTokenFilter} checks the subject and id of the principal on every request,
 * whether it was verified now or before.
 *
 * <p>One difference remains, for a key that is withdrawn: if {@code mp.jwt.verify.publickey.location} is a JWKS
 * endpoint and the identity provider removes a key from it, a token signed with that key and kept here stays accepted
 * until it expires (revoke its subject or id to stop it at once). {@code concordia.tokens.verified-cache-size} bounds
 * the tokens kept (0 keeps none and verifies every request, as before).
 */
@Singleton
@Alternative
@Priority(1)
public class VerifiedTokenCache implements JWTParser {

    private final DefaultJWTParser verifier;
    private final Long maxTokenAgeSeconds;
    private final int capacity;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();

    /** A verified token and the instant (epoch milliseconds) from which it must be verified afresh. */
    private record Verified(JsonWebToken token, long verifyAgainFromMillis) {}

    @Inject
    public VerifiedTokenCache(
            DefaultJWTParser verifier,
            JWTAuthContextInfo verification,
            @ConfigProperty(name = "concordia.tokens.verified-cache-size", defaultValue = "10000") int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("concordia.tokens.verified-cache-size must be 0 or more: " + capacity);
        }
        this.verifier = verifier;
        this.maxTokenAgeSeconds = verification.getTokenAge();
        this.capacity = capacity;
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        if (capacity == 0 || token == null) {
            return verifier.parse(token);
        }
        // smallrye (jose4j) reads the time from System.currentTimeMillis() too, so both judge expiry by one clock
        long now = System.currentTimeMillis();
        Verified known = verified.get(token);
        if (known != null) {
            if (now < known.verifyAgainFromMillis()) {
                hits.increment();
                return known.token();
            }
            verified.remove(token, known);
        }
        JsonWebToken fresh = verifier.parse(token);
        long verifyAgainFromMillis = verifyAgainFrom(fresh);
        if (now < verifyAgainFromMillis) {
            remember(token, new Verified(fresh, verifyAgainFromMillis));
        }
        return fresh;
    }

    private long verifyAgainFrom(JsonWebToken token) {
        long untilSeconds = token.getExpirationTime();
        if (maxTokenAgeSeconds != null) {
            untilSeconds = Math.min(untilSeconds, token.getIssuedAtTime() + maxTokenAgeSeconds);
        }
        // a signed exp far in the future is the issuer's to give; it must not overflow into an error
        return untilSeconds >= Long.MAX_VALUE / 1000 ? Long.MAX_VALUE : untilSeconds * 1000;
    }

    /** Inserts under a lock so that the size never exceeds the cap; only misses, each a full verification, come here. */
    private synchronized void remember(String token, Verified entry) {
        if (verified.size() >= capacity && !verified.containsKey(token)) {
            long now = System.currentTimeMillis();
            for (Iterator<Verified> it = verified.values().iterator(); it.hasNext(); ) {
                if (it.next().verifyAgainFromMillis() <= now) {
                    it.remove();
                }
            }
            if (verified.size() >= capacity) {
                // all still valid: start afresh, the tokens in use come back at one verification each
                verified.clear();
            }
        }
        verified.put(token, entry);
    }

    /** Tokens kept now. */
    int size() {
        return verified.size();
    }

    /** Whether this exact token string is kept. */
    boolean holds(String token) {
        return verified.containsKey(token);
    }

    /** Requests answered from here, without verifying the token again. */
    long hits() {
        return hits.sum();
    }

    // Everything else is smallrye's, unchanged: verification with another context or key is never answered from here.

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return verifier.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return verifier.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return verifier.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return verifier.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return verifier.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return verifier.parseOnly(token);
    }
}
