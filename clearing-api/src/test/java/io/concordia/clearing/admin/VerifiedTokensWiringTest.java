package io.concordia.clearing.admin;

import static io.concordia.clearing.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** The service verifies bearer tokens through {@link VerifiedTokens}: a token is remembered once, not per request. */
@QuarkusTest
class VerifiedTokensWiringTest {

    @Inject
    VerifiedTokens tokens;

    @Test
    void shouldRememberABearerTokenOnItsFirstRequestAndNotAddItAgain() {
        String token = Tokens.operator(Api.unique("op-"));
        int before = tokens.size();
        as(token).get("/api/v1/admin/members").then().statusCode(200);
        assertThat(tokens.size()).isEqualTo(before + 1);
        long verified = tokens.verifications();
        as(token).get("/api/v1/admin/members").then().statusCode(200);
        as(token).get("/api/v1/admin/members").then().statusCode(200);
        assertThat(tokens.size()).isEqualTo(before + 1);
        assertThat(tokens.verifications()).as("answered from memory").isEqualTo(verified);
    }

    @Test
    void shouldStillRefuseAnExpiredOrForeignToken() {
        int before = tokens.size();
        long verified = tokens.verifications();
        as(Tokens.expiredOperator()).get("/api/v1/admin/members").then().statusCode(401);
        as(Tokens.wrongIssuer()).get("/api/v1/admin/members").then().statusCode(401);
        assertThat(tokens.size()).isEqualTo(before);
        assertThat(tokens.verifications()).isEqualTo(verified + 2);
    }
}
