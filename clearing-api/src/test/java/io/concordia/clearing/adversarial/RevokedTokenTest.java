package io.concordia.clearing.adversarial;

import static io.concordia.clearing.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A revoked token, by subject or by token id, is refused on every endpoint from then on; revocations are audited. */
@QuarkusTest
class RevokedTokenTest {

    private static final String TOKENS = "/api/v1/admin/tokens";

    @Test
    void shouldRefuseATokenRevokedById() {
        String admin = Tokens.tokenAdmin(Api.unique("ta-"));
        String member = Api.createMember();
        String account = Api.openAccount(member);
        String token = as(admin)
                .body(Map.of(
                        "subject",
                        Api.unique("trader-"),
                        "member",
                        member,
                        "roles",
                        List.of("member"),
                        "ttlSeconds",
                        600))
                .post(TOKENS)
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        String sibling = as(admin)
                .body(Map.of(
                        "subject",
                        Api.unique("trader-"),
                        "member",
                        member,
                        "roles",
                        List.of("member"),
                        "ttlSeconds",
                        600))
                .post(TOKENS)
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        as(token).get("/api/v1/me").then().statusCode(200);
        String jti = claim(token, "jti");
        as(admin)
                .body(Map.of("tokenId", jti, "reason", "laptop lost"))
                .post(TOKENS + "/revocations")
                .then()
                .statusCode(201);
        for (String path : List.of("/api/v1/me", "/api/v1/accounts", "/api/v1/accounts/" + account + "/collateral")) {
            as(token).get(path).then().statusCode(401).body("code", equalTo("TOKEN_REVOKED"));
        }
        as(sibling).get("/api/v1/me").then().statusCode(200);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'REVOKE_TOKEN' AND object_code = ?",
                        "TOKEN:" + jti))
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseEveryTokenOfARevokedSubjectAndLetOnlyTheTokenAdminRevoke() {
        String subject = Api.unique("op-");
        String identityProviderToken = Tokens.operator(subject);
        as(identityProviderToken).get("/api/v1/admin/members").then().statusCode(200);
        as(Tokens.operator())
                .body(Map.of("subject", subject))
                .post(TOKENS + "/revocations")
                .then()
                .statusCode(403);
        as(Tokens.tokenAdmin(Api.unique("ta-")))
                .body(Map.of("subject", subject, "tokenId", "x"))
                .post(TOKENS + "/revocations")
                .then()
                .statusCode(422)
                .body("code", equalTo("REVOCATION_TARGET"));
        as(Tokens.tokenAdmin(Api.unique("ta-")))
                .body(Map.of("subject", subject, "reason", "left the firm"))
                .post(TOKENS + "/revocations")
                .then()
                .statusCode(201);
        as(identityProviderToken)
                .get("/api/v1/admin/members")
                .then()
                .statusCode(401)
                .body("code", equalTo("TOKEN_REVOKED"));
        as(Tokens.operator(subject))
                .body(Map.of("version", Api.unique("v-")))
                .post("/api/v1/admin/margin/schedules")
                .then()
                .statusCode(401);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'REVOKE_TOKEN' AND object_code = ?",
                        "SUBJECT:" + subject))
                .isEqualTo(1);
    }

    private static String claim(String jwt, String name) {
        String json = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        return io.restassured.path.json.JsonPath.from(json).getString(name);
    }
}
