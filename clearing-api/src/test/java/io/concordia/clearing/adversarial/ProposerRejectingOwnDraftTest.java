package io.concordia.clearing.adversarial;

import static io.concordia.clearing.support.Api.as;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A proposer deciding its own draft gets a stable 409, never the database check's 500. */
@QuarkusTest
class ProposerRejectingOwnDraftTest {

    private static final String SCHEDULES = "/api/v1/admin/margin/schedules";

    @Test
    void shouldRefuseTheProposerRejectingItsOwnScheduleDraftWith409() {
        String officer = Tokens.riskOfficer(Api.unique("ro-"));
        String version = Api.unique("v-");
        as(officer).body(Map.of("version", version)).post(SCHEDULES).then().statusCode(201);
        as(officer)
                .body(Map.of("reason", "changed my mind"))
                .post(SCHEDULES + "/{v}/reject", version)
                .then()
                .statusCode(409)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("FOUR_EYES_REQUIRED"));
        as(officer)
                .body(Map.of())
                .post(SCHEDULES + "/{v}/approve", version)
                .then()
                .statusCode(409)
                .body("code", equalTo("FOUR_EYES_REQUIRED"));
        as(Tokens.operator()).get(SCHEDULES + "/{v}", version).then().body("status", equalTo("DRAFT"));
        as(Tokens.riskOfficer(Api.unique("ro-")))
                .body(Map.of("reason", "tidy"))
                .post(SCHEDULES + "/{v}/reject", version)
                .then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"));
    }
}
