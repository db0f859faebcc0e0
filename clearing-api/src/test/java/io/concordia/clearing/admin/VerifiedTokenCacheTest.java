package io.concordia.clearing.admin;

import static io.concordia.clearing.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A bearer token verified once is accepted again from the cache, with the same answers as a full verification: a
 * forged signature is refused and never kept, an expired token is refused, a revoked one is refused.
 */
@QuarkusTest
class VerifiedTokenCacheTest {

    private static final String MEMBERS = "/api/v1/admin/members";

    @Inject
    VerifiedTokenCache cache;

    @ConfigProperty(name = "mp.jwt.verify.clock.skew")
    int clockSkewSeconds;

    @Test
    void shouldAnswerTheSameTokenFromTheCacheTheSecondTime() {
        String token = Tokens.operator(Api.unique("op-"));
        long hitsBefore = cache.hits();

        as(token).get(MEMBERS).then().statusCode(200);
        assertThat(cache.holds(token)).isTrue();
        assertThat(cache.hits()).isEqualTo(hitsBefore);

        as(token).get(MEMBERS).then().statusCode(200);
        assertThat(cache.hits()).isEqualTo(hitsBefore + 1);
    }

    @Test
    void shouldRefuseAndNotKeepATokenWithAnAlteredSignature() {
        String token = Tokens.operator(Api.unique("op-"));
        as(token).get(MEMBERS).then().statusCode(200);
        String[] parts = token.split("\\.");
        String signature = parts[2];
        // a character in the middle: the last one may carry only padding bits and decode to the same signature
        int at = signature.length() / 2;
        char altered = signature.charAt(at) == 'A' ? 'B' : 'A';
        String forged =
                parts[0] + "." + parts[1] + "." + signature.substring(0, at) + altered + signature.substring(at + 1);
        long hitsBefore = cache.hits();

        as(forged).get(MEMBERS).then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        as(forged).get(MEMBERS).then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));

        assertThat(cache.holds(forged)).isFalse();
        assertThat(cache.hits()).isEqualTo(hitsBefore);
        as(token).get(MEMBERS).then().statusCode(200);
    }

    @Test
    void shouldRefuseAKeptTokenOnceItHasExpired() throws InterruptedException {
        Instant expiresAt = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 3);
        String token = Jwt.issuer(Tokens.ISSUER)
                .subject(Api.unique("op-"))
                .groups(Set.of("operator"))
                .expiresAt(expiresAt)
                .sign();
        as(token).get(MEMBERS).then().statusCode(200);
        as(token).get(MEMBERS).then().statusCode(200);
        assertThat(cache.holds(token)).isTrue();

        // past exp but within the clock skew: smallrye still accepts it, the cache no longer answers for it
        sleepUntil(expiresAt.plusMillis(500));
        long hitsBefore = cache.hits();
        as(token).get(MEMBERS).then().statusCode(200);
        assertThat(cache.hits()).isEqualTo(hitsBefore);
        assertThat(cache.holds(token)).isFalse();

        sleepUntil(expiresAt.plusSeconds(clockSkewSeconds).plusMillis(500));
        as(token).get(MEMBERS).then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        assertThat(cache.holds(token)).isFalse();
    }

    @Test
    void shouldRefuseAKeptTokenRevokedById() {
        String jti = UUID.randomUUID().toString();
        String token = Jwt.issuer(Tokens.ISSUER)
                .subject(Api.unique("op-"))
                .groups(Set.of("operator"))
                .expiresIn(3600)
                .claim("jti", jti)
                .sign();
        String sibling = Tokens.operator(Api.unique("op-"));
        as(token).get(MEMBERS).then().statusCode(200);
        as(sibling).get(MEMBERS).then().statusCode(200);
        long hitsBefore = cache.hits();

        as(Tokens.tokenAdmin(Api.unique("ta-")))
                .body(Map.of("tokenId", jti, "reason", "laptop lost"))
                .post("/api/v1/admin/tokens/revocations")
                .then()
                .statusCode(201);

        as(token).get(MEMBERS).then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        assertThat(cache.hits()).isEqualTo(hitsBefore + 1);
        as(sibling).get(MEMBERS).then().statusCode(200);
    }

    @Test
    void shouldRefuseAKeptTokenWhoseSubjectWasRevoked() {
        String subject = Api.unique("op-");
        String token = Tokens.operator(subject);
        as(token).get(MEMBERS).then().statusCode(200);
        assertThat(cache.holds(token)).isTrue();

        as(Tokens.tokenAdmin(Api.unique("ta-")))
                .body(Map.of("subject", subject, "reason", "left the firm"))
                .post("/api/v1/admin/tokens/revocations")
                .then()
                .statusCode(201);

        long hitsBefore = cache.hits();
        as(token).get(MEMBERS).then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        assertThat(cache.hits()).isEqualTo(hitsBefore + 1);
    }

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long millis = instant.toEpochMilli() - System.currentTimeMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
