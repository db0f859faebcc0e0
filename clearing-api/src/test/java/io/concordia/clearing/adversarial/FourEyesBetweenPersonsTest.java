package io.concordia.clearing.adversarial;

import static io.concordia.clearing.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * One person holding a minting role cannot satisfy four-eyes by inventing a second subject: minting privileged roles
 * needs token-admin, and a decision is refused when either person minted the other's token.
 */
@QuarkusTest
class FourEyesBetweenPersonsTest {

    private static final String TOKENS = "/api/v1/admin/tokens";
    private static final String SCHEDULES = "/api/v1/admin/margin/schedules";

    @Test
    void shouldRefuseAnOperatorMintingARoleItCannotGrant() {
        String operator = Tokens.operator(Api.unique("op-"));
        for (String role : List.of("risk-officer", "operator", "token-admin")) {
            as(operator)
                    .body(Map.of("subject", Api.unique("ghost-"), "roles", List.of(role), "ttlSeconds", 600))
                    .post(TOKENS)
                    .then()
                    .statusCode(403)
                    .body("code", equalTo("ROLE_NOT_GRANTABLE"));
        }
        // even the token admin never mints token-admin, nor a token for itself
        String admin = Api.unique("ta-");
        as(Tokens.tokenAdmin(admin))
                .body(Map.of("subject", Api.unique("ghost-"), "roles", List.of("token-admin"), "ttlSeconds", 600))
                .post(TOKENS)
                .then()
                .statusCode(403)
                .body("code", equalTo("ROLE_NOT_GRANTABLE"));
        as(Tokens.tokenAdmin(admin))
                .body(Map.of("subject", admin, "roles", List.of("risk-officer"), "ttlSeconds", 600))
                .post(TOKENS)
                .then()
                .statusCode(422)
                .body("code", equalTo("SELF_MINT"));
        assertThat(TestDatabase.count("SELECT count(*) FROM minted_token WHERE minted_by = ?", admin))
                .isZero();
    }

    @Test
    void shouldRefuseAScheduleDecisionByATokenTheProposerMinted() {
        String admin = Api.unique("ta-");
        String version = Api.unique("v-");
        as(Tokens.tokenAdmin(admin))
                .body(Map.of("version", version))
                .post(SCHEDULES)
                .then()
                .statusCode(201);
        String ghostSubject = Api.unique("ghost-");
        JsonPath minted = as(Tokens.tokenAdmin(admin))
                .body(Map.of("subject", ghostSubject, "roles", List.of("risk-officer"), "ttlSeconds", 600))
                .post(TOKENS)
                .then()
                .statusCode(201)
                .extract()
                .jsonPath();
        String ghost = minted.getString("token");
        assertThat(claims(ghost)).contains("\"minted_by\":\"" + admin + "\"");
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM minted_token WHERE subject = ? AND minted_by = ? AND roles = 'risk-officer' "
                                + "AND expires_at > now()",
                        ghostSubject,
                        admin))
                .isEqualTo(1);

        as(ghost)
                .body(Map.of())
                .post(SCHEDULES + "/{v}/approve", version)
                .then()
                .statusCode(409)
                .body("code", equalTo("FOUR_EYES_REQUIRED"));
        as(ghost)
                .body(Map.of("reason", "x"))
                .post(SCHEDULES + "/{v}/reject", version)
                .then()
                .statusCode(409)
                .body("code", equalTo("FOUR_EYES_REQUIRED"));
        as(Tokens.operator())
                .get(SCHEDULES + "/{v}", version)
                .then()
                .statusCode(200)
                .body("status", equalTo("DRAFT"));

        // the other way round: the proposer's token was minted by the decider
        String proposer = Api.unique("op-");
        String proposerToken = as(Tokens.tokenAdmin(admin))
                .body(Map.of("subject", proposer, "roles", List.of("operator"), "ttlSeconds", 600))
                .post(TOKENS)
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        String second = Api.unique("v-");
        as(proposerToken).body(Map.of("version", second)).post(SCHEDULES).then().statusCode(201);
        as(Tokens.riskOfficer(admin))
                .body(Map.of("reason", "x"))
                .post(SCHEDULES + "/{v}/reject", second)
                .then()
                .statusCode(409)
                .body("code", equalTo("FOUR_EYES_REQUIRED"));

        // a second real person decides
        as(Tokens.riskOfficer(Api.unique("ro-")))
                .body(Map.of("reason", "not now"))
                .post(SCHEDULES + "/{v}/reject", second)
                .then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"));
        as(Tokens.riskOfficer(Api.unique("ro-")))
                .body(Map.of("reason", "not now"))
                .post(SCHEDULES + "/{v}/reject", version)
                .then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"));
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE action = 'MINT_TOKEN' AND actor = ?", admin))
                .isEqualTo(2);
    }

    @Test
    void shouldLetTwoPeopleMintedByTheTokenAdminDecideEachOthersWork() {
        String admin = Tokens.tokenAdmin(Api.unique("ta-"));
        String operator = as(admin)
                .body(Map.of("subject", Api.unique("olga-"), "roles", List.of("operator"), "ttlSeconds", 600))
                .post(TOKENS)
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        String risk = as(admin)
                .body(Map.of("subject", Api.unique("rita-"), "roles", List.of("risk-officer"), "ttlSeconds", 600))
                .post(TOKENS)
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        String version = Api.unique("v-");
        as(operator).body(Map.of("version", version)).post(SCHEDULES).then().statusCode(201);
        // an operator cannot mint the risk officer that would decide its draft
        as(operator)
                .body(Map.of("subject", Api.unique("ghost-"), "roles", List.of("risk-officer"), "ttlSeconds", 600))
                .post(TOKENS)
                .then()
                .statusCode(403)
                .body("code", equalTo("ROLE_NOT_GRANTABLE"));
        as(risk).body(Map.of("reason", "not this quarter"))
                .post(SCHEDULES + "/{v}/reject", version)
                .then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"));
    }

    @Test
    void shouldRefuseADefaultDecisionByATokenTheProposerMinted() {
        String admin = Api.unique("ta-");
        String member = Api.createMember();
        Api.openAccount(member);
        long id = as(Tokens.tokenAdmin(admin))
                .body(Map.of("member", member, "reason", "payment failed"))
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        String ghost = as(Tokens.tokenAdmin(admin))
                .body(Map.of("subject", Api.unique("ghost-"), "roles", List.of("risk-officer"), "ttlSeconds", 600))
                .post(TOKENS)
                .then()
                .statusCode(201)
                .extract()
                .path("token");
        as(ghost)
                .body(Map.of("note", "confirmed"))
                .post("/api/v1/admin/defaults/{id}/approve", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("FOUR_EYES_REQUIRED"));
        as(ghost)
                .body(Map.of("reason", "mine"))
                .post("/api/v1/admin/defaults/{id}/reject", id)
                .then()
                .statusCode(409)
                .body("code", equalTo("FOUR_EYES_REQUIRED"));
        as(Tokens.riskOfficer(Api.unique("ro-")))
                .body(Map.of("reason", "paid late"))
                .post("/api/v1/admin/defaults/{id}/reject", id)
                .then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"));
        as(Tokens.operator()).get("/api/v1/admin/members/{m}", member).then().body("status", equalTo("ACTIVE"));
    }

    private static String claims(String jwt) {
        return new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }
}
