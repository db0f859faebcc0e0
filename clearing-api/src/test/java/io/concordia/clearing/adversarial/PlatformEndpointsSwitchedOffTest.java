package io.concordia.clearing.adversarial;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An operator who does not want metrics or the API description served can switch them off; probes stay. */
@QuarkusTest
@TestProfile(PlatformEndpointsSwitchedOffTest.Off.class)
class PlatformEndpointsSwitchedOffTest {

    public static final class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("concordia.http.metrics-enabled", "false", "concordia.http.api-docs-enabled", "false");
        }
    }

    @Test
    void shouldAnswerNotFoundForMetricsAndApiDocsButKeepTheProbes() {
        for (String path : new String[] {
            "/q/metrics",
            "/q/metrics/",
            "/q/openapi",
            "/q/openapi?format=json",
            "/q/swagger-ui",
            "/q/swagger-ui/",
            "/q/swagger-ui/index.html",
            "/q//metrics",
            "/q/./openapi"
        }) {
            given().get(path).then().statusCode(404);
        }
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200);
    }
}
