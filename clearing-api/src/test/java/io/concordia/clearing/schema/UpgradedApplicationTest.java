package io.concordia.clearing.schema;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The service started on a database the previous release left (see {@link PreviousReleaseDatabase}): its Flyway
 * upgrades it at start, Hibernate validates the result, and the API reads the old rows and the columns and tables
 * the upgrade added (stale and held marks of stored margin, margin-call causes, the codes of rejected
 * confirmations). The background workers are off, so that what the API shows is what the upgrade left.
 */
@QuarkusTest
@TestProfile(UpgradedApplicationTest.PreviousRelease.class)
class UpgradedApplicationTest {

    /** The previous release's database, with nothing running that would change it. */
    public static class PreviousRelease implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "concordia.margin.enabled", "false",
                    "concordia.ingest.enabled", "false",
                    "concordia.outbox.enabled", "false",
                    "concordia.settlement.confirmations.enabled", "false",
                    "concordia.settlement.resume-on-start", "false");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PreviousReleaseDatabase.class));
        }
    }

    @Test
    void shouldStartOnTheUpgradedDatabaseWithEveryMigrationApplied() {
        assertThat(TestDatabase.count("SELECT count(*) FROM flyway_schema_history WHERE success AND version::int > "
                        + PreviousReleaseDatabase.PREVIOUS_RELEASE))
                .as("migrations applied by the application at start")
                .isPositive();
        assertThat(TestDatabase.count("SELECT count(*) FROM flyway_schema_history WHERE NOT success"))
                .isZero();
    }

    @Test
    void shouldShowTheOldCollateralPositionsAndStoredMargin() {
        member("ALPHA")
                .get("/api/v1/accounts/ALPHA-H1/collateral")
                .then()
                .statusCode(200)
                .body("find { it.asset == 'USD' }.quantity", equalTo("100000.00"));
        member("ALPHA")
                .get("/api/v1/accounts/ALPHA-H1/positions")
                .then()
                .statusCode(200)
                .body("find { it.product == 'BTC-PERP' }.quantity", equalTo("1"));
        member("BETA")
                .get("/api/v1/accounts/BETA-H1/margin")
                .then()
                .statusCode(200)
                .body("figures.im", equalTo("15360.00"))
                .body("figures.status", equalTo("CALL"))
                .body("staleMarks", empty())
                .body("heldMarks", empty());
        member("BETA")
                .get("/api/v1/accounts/BETA-H1/margin/history")
                .then()
                .statusCode(200)
                .body("items", org.hamcrest.Matchers.hasSize(1));
    }

    @Test
    void shouldShowTheCausesTheUpgradeGaveTheOpenCalls() {
        member("BETA")
                .queryParam("open", true)
                .get("/api/v1/margin-calls")
                .then()
                .statusCode(200)
                .body("items.find { it.account == 'BETA-H1' }.amount", equalTo("3360.00"))
                .body(
                        "items.find { it.account == 'BETA-H1' }.causes.cause",
                        containsInAnyOrder("MARGIN_DEFICIT", "SETTLEMENT_FAILURE"))
                .body("items.find { it.account == 'BETA-H1' }.causes.amount", containsInAnyOrder("2360.00", "1000.00"));
        operator()
                .get("/api/v1/admin/margin/calls")
                .then()
                .statusCode(200)
                .body("items.find { it.account == 'DELTA-H1' }.causes.cause", contains("SETTLEMENT_FAILURE"));
    }

    @Test
    void shouldListTheRejectedConfirmationsByTheirCodes() {
        operator()
                .queryParam("outcome", "REJECTED")
                .get("/api/v1/admin/settlement-confirmations")
                .then()
                .statusCode(200)
                .body("items.code", containsInAnyOrder("UNKNOWN_INSTRUCTION", "UNCLASSIFIED"));
    }

    @Test
    void shouldShowNoHeldMarkAfterTheUpgrade() {
        member("ALPHA")
                .get("/api/v1/marks/BTC-PERP")
                .then()
                .statusCode(200)
                .body("price", equalTo("60000"))
                .body("held", equalTo(false));
    }

    private static RequestSpecification member(String code) {
        return given().auth().oauth2(Tokens.member(code));
    }

    private static RequestSpecification operator() {
        return given().auth().oauth2(Tokens.operator());
    }
}
