package io.concordia.clearing.adversarial;

import static io.concordia.clearing.support.Api.as;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The clock-skew allowance is seconds, not a minute: a token that expired 30 s ago is refused. */
@QuarkusTest
class ExpiredTokenTest {

    @Test
    void shouldRefuseATokenExpiredThirtySecondsAgo() {
        String expired = Jwt.issuer(Tokens.ISSUER)
                .subject("op-late")
                .groups(Set.of("operator"))
                .issuedAt(Instant.now().minusSeconds(600))
                .expiresAt(Instant.now().minusSeconds(30))
                .sign();
        as(expired).get("/api/v1/admin/members").then().statusCode(401).body("code", equalTo("UNAUTHENTICATED"));
        String fresh = Jwt.issuer(Tokens.ISSUER)
                .subject("op-late")
                .groups(Set.of("operator"))
                .issuedAt(Instant.now().minusSeconds(600))
                .expiresAt(Instant.now().plusSeconds(30))
                .sign();
        as(fresh).get("/api/v1/admin/members").then().statusCode(200);
    }
}
