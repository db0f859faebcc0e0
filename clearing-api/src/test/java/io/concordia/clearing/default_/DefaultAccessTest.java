package io.concordia.clearing.default_;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * No default-management endpoint answers a member token; the four-eyes approvals answer only risk officers; the member
 * endpoints answer only members; and nothing answers without a token.
 */
@QuarkusTest
class DefaultAccessTest {

    record Endpoint(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Endpoint> operatorEndpoints() {
        return Stream.of(
                new Endpoint("GET", "/api/v1/admin/default-fund"),
                new Endpoint("PUT", "/api/v1/admin/default-fund/members/ANY"),
                new Endpoint("PUT", "/api/v1/admin/default-fund/skin-in-the-game"),
                new Endpoint("GET", "/api/v1/admin/default-fund/sizing"),
                new Endpoint("POST", "/api/v1/admin/defaults"),
                new Endpoint("GET", "/api/v1/admin/defaults"),
                new Endpoint("GET", "/api/v1/admin/defaults/1"),
                new Endpoint("POST", "/api/v1/admin/defaults/1/port"),
                new Endpoint("POST", "/api/v1/admin/defaults/1/close-out"),
                new Endpoint("POST", "/api/v1/admin/defaults/1/auctions"),
                new Endpoint("GET", "/api/v1/admin/defaults/1/auctions"),
                new Endpoint("POST", "/api/v1/admin/defaults/1/waterfall"),
                new Endpoint("POST", "/api/v1/admin/defaults/1/close"),
                new Endpoint("GET", "/api/v1/admin/defaults/1/report"),
                new Endpoint("GET", "/api/v1/admin/auctions/1"),
                new Endpoint("POST", "/api/v1/admin/auctions/1/award"),
                new Endpoint("POST", "/api/v1/admin/auctions/1/cancel"));
    }

    static Stream<Endpoint> riskOfficerEndpoints() {
        return Stream.of(
                new Endpoint("POST", "/api/v1/admin/defaults/1/approve"),
                new Endpoint("POST", "/api/v1/admin/defaults/1/reject"),
                new Endpoint("POST", "/api/v1/admin/auctions/1/approve"));
    }

    static Stream<Endpoint> adminEndpoints() {
        return Stream.concat(operatorEndpoints(), riskOfficerEndpoints());
    }

    static Stream<Endpoint> memberEndpoints() {
        return Stream.of(
                new Endpoint("GET", "/api/v1/auctions"),
                new Endpoint("GET", "/api/v1/auctions/1"),
                new Endpoint("GET", "/api/v1/auctions/1/bids"),
                new Endpoint("POST", "/api/v1/auctions/1/bids"),
                new Endpoint("GET", "/api/v1/default-fund"),
                new Endpoint("GET", "/api/v1/default-charges"));
    }

    static Stream<Endpoint> allEndpoints() {
        return Stream.concat(adminEndpoints(), memberEndpoints());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminEndpoints")
    void shouldForbidEveryDefaultManagementEndpointToMembers(Endpoint endpoint) {
        call(Api.as(Tokens.member("ANY")), endpoint).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("riskOfficerEndpoints")
    void shouldLeaveTheFourEyesApprovalsToRiskOfficers(Endpoint endpoint) {
        call(Api.as(Tokens.operator()), endpoint).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memberEndpoints")
    void shouldForbidMemberEndpointsToOperators(Endpoint endpoint) {
        call(Api.as(Tokens.operator()), endpoint).then().statusCode(403);
        call(Api.as(Tokens.riskOfficer("rita")), endpoint).then().statusCode(403);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allEndpoints")
    void shouldRequireAValidToken(Endpoint endpoint) {
        call(given().contentType(ContentType.JSON), endpoint).then().statusCode(401);
        call(Api.as(Tokens.expiredOperator()), endpoint).then().statusCode(401);
    }

    private static io.restassured.response.Response call(RequestSpecification spec, Endpoint endpoint) {
        return switch (endpoint.method()) {
            case "GET" -> spec.get(endpoint.path());
            case "PUT" -> spec.body("{}").put(endpoint.path());
            default -> spec.body("{}").post(endpoint.path());
        };
    }
}
