package io.concordia.clearing.settlement;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.WireFormat;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Members see only their own settlement: another member's statement and instruction answer 404, exactly like missing
 * ones. Bad input is a problem+json with a stable code, never a 500, and starts no cycle.
 */
@QuarkusTest
class SettlementAccessTest {

    static SettlementWorld world;
    static String alpha;
    static String beta;
    static String outsider;
    static String alphaAccount;
    static String cycle;

    @BeforeEach
    void aSettledCycle() {
        if (cycle == null) {
            world = new SettlementWorld();
            alpha = Api.createMember();
            beta = Api.createMember();
            outsider = Api.createMember();
            alphaAccount = Api.openAccount(alpha);
            world.trade(world.venueA, "200", "5000", alphaAccount, Api.openAccount(beta));
            cycle = SettlementWorld.runCycle(Map.of("prices", Map.of(world.product, "210")))
                    .getString("code");
        }
    }

    @Test
    void shouldNeverShowAMemberAnotherMembersStatementOrInstruction() {
        long alphas =
                ((Number) SettlementWorld.instructionsOf(alpha, cycle).get(0).get("id")).longValue();
        as(Tokens.member(alpha))
                .get("/api/v1/settlement-instructions/{id}", alphas)
                .then()
                .statusCode(200)
                .body("member", equalTo(alpha));
        as(Tokens.member(beta))
                .get("/api/v1/settlement-instructions/{id}", alphas)
                .then()
                .statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        as(Tokens.member(beta))
                .get("/api/v1/settlement-instructions?size=500")
                .then()
                .statusCode(200)
                .body("items.member", everyItem(equalTo(beta)));
        as(Tokens.member(beta))
                .get("/api/v1/settlement-statements/{c}", cycle)
                .then()
                .statusCode(200)
                .body("member", equalTo(beta))
                .body("lines.account", not(org.hamcrest.Matchers.hasItem(alphaAccount)));
        // a member with nothing in the cycle, a missing cycle and a member token for a missing member: all the same 404
        as(Tokens.member(outsider))
                .get("/api/v1/settlement-statements/{c}", cycle)
                .then()
                .statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        as(Tokens.member(alpha))
                .get("/api/v1/settlement-statements/{c}", "1999-01-01T00:00Z")
                .then()
                .statusCode(404);
        as(Tokens.member("NOBODY"))
                .get("/api/v1/settlement-statements/{c}", cycle)
                .then()
                .statusCode(404);
        // an operator reads any member's
        String statement = operator()
                .get("/api/v1/admin/settlement-statements/{c}/{m}", cycle, alpha)
                .then()
                .statusCode(200)
                .body("member", equalTo(alpha))
                .extract()
                .asString();
        assertThat(WireFormat.breaches(
                        statement, 2, java.util.Set.of("variationMargin", "funding", "fees", "net", "amount")))
                .as(statement)
                .isEmpty();
        as(Tokens.member(alpha))
                .get("/api/v1/admin/settlement-statements/{c}/{m}", cycle, beta)
                .then()
                .statusCode(403);
    }

    @Test
    void shouldServeTheStatementAsCsv() {
        String csv = given().auth()
                .oauth2(Tokens.member(alpha))
                .accept("text/csv")
                .get("/api/v1/settlement-statements/{c}", cycle)
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"))
                .extract()
                .asString();
        String[] lines = csv.split("\r\n");
        assertThat(lines[0])
                .startsWith("record,cycle,member,account,product,currency,openingQuantity,referencePrice,tradeCount");
        // long 5 at 200 settled at 210: VM 50, fees 1 bp of 1000 = 0.1
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("POSITION," + cycle + "," + alpha + "," + alphaAccount + "," + world.product
                                + ",USD,0,210,1,5,1000,210,5,50,0,-0.1,49.9,"));
        assertThat(lines)
                .anySatisfy(l -> assertThat(l)
                        .startsWith("NET," + cycle + "," + alpha + ",,,USD,")
                        .contains(",49.9,49.90,RECEIVE,"));
        given().auth()
                .oauth2(Tokens.member(alpha))
                .get("/api/v1/settlement-statements/{c}?format=csv", cycle)
                .then()
                .statusCode(200)
                .contentType(containsString("text/csv"));
        given().auth()
                .oauth2(Tokens.member(alpha))
                .accept(ContentType.JSON)
                .get("/api/v1/settlement-statements/{c}", cycle)
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"));
    }

    static Stream<Arguments> badCycleRequests() {
        return Stream.of(
                Arguments.of("{\"prices\": {\"NO-SUCH-PRODUCT\": \"1\"}}", 422, "UNKNOWN_PRODUCT"),
                Arguments.of("{\"prices\": {\"%s\": \"-5\"}}", 422, "NOT_POSITIVE"),
                Arguments.of("{\"prices\": {\"%s\": \"0\"}}", 422, "NOT_POSITIVE"),
                Arguments.of("{\"prices\": {\"%s\": \"1.0000000000000000001\"}}", 422, "TOO_MANY_DECIMALS"),
                Arguments.of("{\"prices\": {\"%s\": \"abc\"}}", 400, "INVALID_VALUE"),
                Arguments.of("{\"prices\": {\"%s\": null}}", 422, "MISSING_PRICE"),
                Arguments.of("{\"funding\": {\"%s\": \"1.5\"}}", 422, "OUT_OF_RANGE"),
                Arguments.of("{\"prices\": {}, \"colour\": \"red\"}", 400, "UNKNOWN_PROPERTY"),
                Arguments.of("{\"prices\": ", 400, "MALFORMED_JSON"),
                Arguments.of("{\"reason\": \"" + "x".repeat(501) + "\"}", 400, "VALIDATION_FAILED"));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @MethodSource("badCycleRequests")
    void shouldRefuseABadCycleRequestWithAStableCodeAndStartNoCycle(String body, int status, String code) {
        long before = TestDatabase.count("SELECT count(*) FROM settlement_cycle");
        operator()
                .body(body.replace("%s", world.product))
                .post("/api/v1/admin/settlement-cycles")
                .then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("code", equalTo(code));
        assertThat(TestDatabase.count("SELECT count(*) FROM settlement_cycle")).isEqualTo(before);
    }

    @Test
    void shouldRefuseFundingForAFuture() {
        String future = Api.unique("FUT-");
        operator()
                .body(Map.of("symbol", future, "underlying", "BTC", "kind", "FUTURE", "expiry", "2027-03-26"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201);
        operator()
                .body(Map.of("funding", Map.of(future, "0.0001")))
                .post("/api/v1/admin/settlement-cycles")
                .then()
                .statusCode(422)
                .body("code", equalTo("FUNDING_NOT_PERPETUAL"));
    }

    @Test
    void shouldAnswerBadInstructionAndCycleRequestsWithProblems() {
        operator()
                .get("/api/v1/admin/settlement-cycles/{c}", "99999999")
                .then()
                .statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        operator()
                .get("/api/v1/admin/settlement-cycles/{c}", "no-such-cycle")
                .then()
                .statusCode(404);
        operator()
                .post("/api/v1/admin/settlement-cycles/{c}/resume", "99999999")
                .then()
                .statusCode(404);
        operator()
                .body(Map.of())
                .post("/api/v1/admin/settlement-instructions/{id}/settle", "abc")
                .then()
                .statusCode(404);
        operator()
                .body(Map.of())
                .post("/api/v1/admin/settlement-instructions/{id}/settle", 99999999)
                .then()
                .statusCode(404)
                .body("code", equalTo("NOT_FOUND"));
        operator()
                .body(Map.of())
                .post("/api/v1/admin/settlement-instructions/{id}/fail", 1)
                .then()
                .statusCode(400)
                .body("code", equalTo("VALIDATION_FAILED"));
        operator()
                .get("/api/v1/admin/settlement-instructions?status=LOST")
                .then()
                .statusCode(400)
                .body("code", equalTo("INVALID_VALUE"));
        as(Tokens.member(alpha))
                .get("/api/v1/settlement-instructions?status=LOST")
                .then()
                .statusCode(400);
        as(Tokens.member(alpha))
                .get("/api/v1/settlement-instructions?size=501")
                .then()
                .statusCode(400)
                .body("code", equalTo("INVALID_PAGE_SIZE"));
        as(Tokens.member(alpha))
                .get("/api/v1/settlement-statements/{c}?format=xml", cycle)
                .then()
                .statusCode(400)
                .body("code", equalTo("INVALID_VALUE"));
        operator()
                .get("/api/v1/admin/settlement-instructions?cycle={c}", cycle)
                .then()
                .statusCode(200);
    }
}
