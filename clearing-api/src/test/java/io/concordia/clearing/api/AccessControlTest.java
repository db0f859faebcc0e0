package io.concordia.clearing.api;

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

/** Every endpoint needs a valid token with the right role; the wrong role is 403, no or a bad token 401. */
@QuarkusTest
class AccessControlTest {

    record Endpoint(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Endpoint> adminEndpoints() {
        return Stream.of(
                new Endpoint("POST", "/api/v1/admin/tokens"),
                new Endpoint("POST", "/api/v1/admin/members"),
                new Endpoint("GET", "/api/v1/admin/members"),
                new Endpoint("GET", "/api/v1/admin/members/ANY"),
                new Endpoint("POST", "/api/v1/admin/members/ANY/suspend"),
                new Endpoint("POST", "/api/v1/admin/members/ANY/reinstate"),
                new Endpoint("POST", "/api/v1/admin/members/ANY/accounts"),
                new Endpoint("GET", "/api/v1/admin/members/ANY/accounts"),
                new Endpoint("GET", "/api/v1/admin/accounts/ANY"),
                new Endpoint("POST", "/api/v1/admin/assets"),
                new Endpoint("POST", "/api/v1/admin/products"),
                new Endpoint("POST", "/api/v1/admin/venues"),
                new Endpoint("POST", "/api/v1/admin/venues/any/instruments"),
                new Endpoint("POST", "/api/v1/admin/accounts/ANY/deposits"),
                new Endpoint("GET", "/api/v1/admin/withdrawals"),
                new Endpoint("POST", "/api/v1/admin/withdrawals/1/approve"),
                new Endpoint("POST", "/api/v1/admin/withdrawals/1/reject"),
                new Endpoint("GET", "/api/v1/admin/audit"),
                new Endpoint("POST", "/api/v1/admin/settlement-cycles"),
                new Endpoint("GET", "/api/v1/admin/settlement-cycles"),
                new Endpoint("GET", "/api/v1/admin/settlement-cycles/1"),
                new Endpoint("POST", "/api/v1/admin/settlement-cycles/1/resume"),
                new Endpoint("GET", "/api/v1/admin/settlement-instructions"),
                new Endpoint("GET", "/api/v1/admin/settlement-instructions/1"),
                new Endpoint("POST", "/api/v1/admin/settlement-instructions/1/settle"),
                new Endpoint("POST", "/api/v1/admin/settlement-instructions/1/fail"),
                new Endpoint("GET", "/api/v1/admin/settlement-statements/1/ANY"),
                new Endpoint("GET", "/api/v1/admin/default-flags"));
    }

    static Stream<Endpoint> memberEndpoints() {
        return Stream.of(
                new Endpoint("GET", "/api/v1/me"),
                new Endpoint("GET", "/api/v1/accounts"),
                new Endpoint("GET", "/api/v1/accounts/ANY"),
                new Endpoint("GET", "/api/v1/accounts/ANY/collateral"),
                new Endpoint("GET", "/api/v1/accounts/ANY/ledger"),
                new Endpoint("GET", "/api/v1/accounts/ANY/withdrawals"),
                new Endpoint("POST", "/api/v1/accounts/ANY/withdrawals"),
                new Endpoint("GET", "/api/v1/settlement-instructions"),
                new Endpoint("GET", "/api/v1/settlement-instructions/1"),
                new Endpoint("GET", "/api/v1/settlement-statements/1"));
    }

    static Stream<Endpoint> sharedReadEndpoints() {
        return Stream.of(
                new Endpoint("GET", "/api/v1/assets"),
                new Endpoint("GET", "/api/v1/venues"),
                new Endpoint("GET", "/api/v1/products"),
                new Endpoint("GET", "/api/v1/venues/any/instruments"));
    }

    static Stream<Endpoint> allEndpoints() {
        return Stream.of(adminEndpoints(), memberEndpoints(), sharedReadEndpoints())
                .flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("adminEndpoints")
    void shouldForbidAdminEndpointsToMembers(Endpoint endpoint) {
        call(Api.as(Tokens.member("ANY")), endpoint).then().statusCode(403).body("code", equalTo("FORBIDDEN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("memberEndpoints")
    void shouldForbidMemberEndpointsToOperators(Endpoint endpoint) {
        call(Api.as(Tokens.operator()), endpoint).then().statusCode(403);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allEndpoints")
    void shouldRequireAToken(Endpoint endpoint) {
        call(given().contentType(ContentType.JSON), endpoint).then().statusCode(401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allEndpoints")
    void shouldRefuseExpiredTokens(Endpoint endpoint) {
        call(Api.as(Tokens.expiredOperator()), endpoint).then().statusCode(401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allEndpoints")
    void shouldRefuseTokensFromAnotherIssuer(Endpoint endpoint) {
        call(Api.as(Tokens.wrongIssuer()), endpoint).then().statusCode(401);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allEndpoints")
    void shouldRefuseTamperedTokens(Endpoint endpoint) {
        String token = Tokens.operator();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "."
                + java.util.Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(
                                "{\"iss\":\"https://concordia.local\",\"sub\":\"mallory\",\"groups\":[\"operator\"],\"exp\":4102444800}"
                                        .getBytes())
                + "." + parts[2];
        call(Api.as(forged), endpoint).then().statusCode(401);
    }

    private static io.restassured.response.Response call(RequestSpecification spec, Endpoint endpoint) {
        return endpoint.method().equals("GET")
                ? spec.get(endpoint.path())
                : spec.body("{}").post(endpoint.path());
    }
}
