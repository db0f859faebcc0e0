package io.concordia.clearing.platform;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.concordia.clearing.support.TestDatabase;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** Probes, metrics and the API description, as Kubernetes, Prometheus and integrators use them. */
@QuarkusTest
class PlatformEndpointsTest {

    @Test
    void shouldReportLiveAndReadyWithTheDatabaseAndTheConsumersInReadiness() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")))
                .body("checks.find { it.name == 'kafka-consumers' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'kafka-consumers' }.data.trade-consumer", equalTo("polling"))
                .body("checks.find { it.name == 'kafka-consumers' }.data.settlement-confirmations", equalTo("polling"));
    }

    @Test
    void shouldExposePrometheusMetricsWithTheBacklogsOfTheBackgroundWork() {
        given().get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("jvm_memory_used_bytes"))
                .body(
                        containsString("concordia_margin_queue_depth"),
                        containsString("concordia_margin_queue_set_aside"),
                        containsString("concordia_margin_loops_failing"),
                        containsString("concordia_outbox_backlog"),
                        containsString("concordia_outbox_oldest_unpublished_seconds"),
                        containsString("concordia_consumer_lag_max{consumer=\"trade-consumer\""));
    }

    @Test
    void shouldReportTheBackgroundWorkAsWellWithEachLoopsState() {
        given().get("/q/health/well")
                .then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'margin-worker' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'margin-worker' }.data.margin-tick", equalTo("working"))
                .body("checks.find { it.name == 'margin-worker' }.data.margin-queue-0", equalTo("working"))
                .body("checks.find { it.name == 'margin-worker' }.data.margin-run-0", equalTo("working"))
                .body("checks.find { it.name == 'outbox-relay' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'outbox-relay' }.data.relay", equalTo("working"));
    }

    @Test
    void shouldDescribeTheApiInOpenApiWithSwaggerUi() {
        given().accept("application/json")
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/admin/accounts/{account}/deposits"))
                .body("paths", org.hamcrest.Matchers.hasKey("/api/v1/accounts/{account}/collateral"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }

    @Test
    void shouldHaveAppliedEveryMigrationToTheEmptyDatabaseItStartedWith() {
        org.assertj.core.api.Assertions.assertThat(
                        TestDatabase.count("SELECT count(*) FROM flyway_schema_history WHERE NOT success"))
                .isZero();
        org.assertj.core.api.Assertions.assertThat(
                        TestDatabase.count("SELECT count(*) FROM flyway_schema_history WHERE version IS NOT NULL"))
                .isGreaterThanOrEqualTo(4);
    }
}
