package io.concordia.clearing.openapi;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.OpenApiValidation;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API's OpenAPI document tells the truth in the large (every operation declares its refusals as problem+json, no
 * body goes undescribed, creations are 201, decimals are strings), and the validator every test's responses pass
 * through ({@link OpenApiValidation}) does refuse what the document does not describe.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final String PROBLEM = "#/components/schemas/Problem";

    private OpenApiValidation.Document document;

    @BeforeEach
    void readTheDocument() {
        document = new OpenApiValidation.Document(given().get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
    }

    @Test
    void shouldDeclareTheRefusalsOfEveryOperationAsProblems() {
        List<String> missing = new ArrayList<>();
        operations().forEach((name, operation) -> {
            JsonNode responses = operation.path("responses");
            for (String status : List.of("401", "403", "503")) {
                if (!responses.has(status)) {
                    missing.add(name + " has no " + status);
                }
            }
            responses.fieldNames().forEachRemaining(status -> {
                if (Integer.parseInt(status) >= 400
                        && !PROBLEM.equals(responses
                                .path(status)
                                .path("content")
                                .path("application/problem+json")
                                .path("schema")
                                .path("$ref")
                                .asText())) {
                    missing.add(name + " " + status + " is not a problem+json Problem");
                }
            });
            if (name.contains("{") && !responses.has("404")) {
                missing.add(name + " names an object and has no 404");
            }
        });
        assertThat(operations()).hasSizeGreaterThan(100);
        assertThat(missing).isEmpty();
    }

    @Test
    void shouldDescribeEveryBodyWithASchema() {
        List<String> empty = new ArrayList<>();
        operations().forEach((name, operation) -> {
            operation.path("requestBody").path("content").fields().forEachRemaining(media -> {
                if (media.getValue().path("schema").isEmpty()) {
                    empty.add(name + " request " + media.getKey());
                }
            });
            operation
                    .path("responses")
                    .fields()
                    .forEachRemaining(response -> response.getValue()
                            .path("content")
                            .fields()
                            .forEachRemaining(media -> {
                                if (media.getValue().path("schema").isEmpty()) {
                                    empty.add(name + " " + response.getKey() + " " + media.getKey());
                                }
                            }));
        });
        assertThat(empty).isEmpty();
    }

    @Test
    void shouldListEveryProblemCodeAndTheMembersOfAProblem() {
        JsonNode problem = document.json().path("components").path("schemas").path("Problem");
        List<String> codes = new ArrayList<>();
        problem.path("properties").path("code").path("enum").forEach(code -> codes.add(code.asText()));
        assertThat(codes)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ProblemCode.values()).map(Enum::name).toList());
        assertThat(iterable(problem.path("properties")))
                .containsExactlyInAnyOrder("type", "title", "status", "code", "detail", "instance", "problems");
    }

    @Test
    void shouldDocumentCreationsAs201WithTheirLocation() {
        JsonNode responses = operations().get("POST /api/v1/admin/members").path("responses");
        assertThat(responses.has("200")).isFalse();
        assertThat(responses
                        .path("201")
                        .path("headers")
                        .path("Location")
                        .path("required")
                        .asBoolean())
                .isTrue();
        assertThat(responses
                        .path("201")
                        .path("content")
                        .path("application/json")
                        .path("schema")
                        .path("$ref")
                        .asText())
                .isEqualTo("#/components/schemas/Member");
        List<String> creationsAs200 = new ArrayList<>();
        operations().forEach((name, operation) -> {
            if (operation.path("responses").has("201")
                    && operation.path("responses").has("200")
                    && !name.equals("POST /api/v1/admin/accounts/{account}/deposits")) {
                creationsAs200.add(name);
            }
        });
        assertThat(creationsAs200).isEmpty();
    }

    @Test
    void shouldTypeDecimalsAsStringsWithAPattern() {
        JsonNode decimal = document.json().path("components").path("schemas").path("Decimal");
        assertThat(decimal.path("type").asText()).isEqualTo("string");
        assertThat(decimal.path("pattern").asText()).isNotEmpty();
        assertThat(document.json()
                        .path("components")
                        .path("schemas")
                        .path("DepositReceipt")
                        .path("properties")
                        .path("quantity")
                        .toString())
                .contains("#/components/schemas/Decimal");
    }

    @Test
    void shouldLeaveTheConsolePagesOutOfTheApiDocument() {
        assertThat(iterable(document.json().path("paths")))
                .allMatch(path -> path.startsWith("/api/"))
                .contains("/api/v1/admin/console/sign-in-links");
    }

    @Test
    void shouldRefuseAStatusTheOperationDoesNotDeclare() {
        assertThat(document.violations("GET", "/api/v1/admin/members/M1", 418, "application/json", "{}"))
                .singleElement()
                .asString()
                .contains("GET /api/v1/admin/members/{code}", "418", "does not declare");
    }

    @Test
    void shouldRefuseABodyThatBreaksItsSchema() {
        String member = Api.createMember();
        String real = Api.operator()
                .get("/api/v1/admin/members/{code}", member)
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(document.violations("GET", "/api/v1/admin/members/" + member, 200, "application/json", real))
                .isEmpty();
        assertThat(document.violations(
                        "GET",
                        "/api/v1/admin/members/" + member,
                        200,
                        "application/json",
                        real.replace("\"ACTIVE\"", "\"SLEEPING\"")))
                .anySatisfy(violation -> assertThat(violation)
                        .contains("GET /api/v1/admin/members/{code}", "200", "breaks its schema", "/status"));
        assertThat(document.violations(
                        "GET",
                        "/api/v1/admin/members/" + member,
                        404,
                        "application/problem+json",
                        "{\"type\":\"https://concordia.io/problems/x\",\"title\":\"Not Found\",\"status\":404,"
                                + "\"code\":\"NO_SUCH_CODE\"}"))
                .isNotEmpty();
        assertThat(document.violations("GET", "/api/v1/admin/members/" + member, 200, "text/html", "<p>hi</p>"))
                .singleElement()
                .asString()
                .contains("media type");
    }

    private Map<String, JsonNode> operations() {
        Map<String, JsonNode> operations = new java.util.TreeMap<>();
        document.json().path("paths").fields().forEachRemaining(path -> {
            for (String method : METHODS) {
                if (path.getValue().has(method)) {
                    operations.put(
                            method.toUpperCase() + " " + path.getKey(),
                            path.getValue().get(method));
                }
            }
        });
        return operations;
    }

    private static TreeSet<String> iterable(JsonNode node) {
        TreeSet<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
