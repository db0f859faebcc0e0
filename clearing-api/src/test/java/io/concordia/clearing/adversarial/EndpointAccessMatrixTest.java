package io.concordia.clearing.adversarial;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every endpoint the live OpenAPI document lists is checked against this explicit rule table: no token is 401, a
 * role outside the rule is 403, and a member asking for another member's account is 404. An endpoint without a rule
 * fails the build, so a new endpoint cannot ship without someone deciding who may call it.
 */
@QuarkusTest
class EndpointAccessMatrixTest {

    enum Role {
        M("member"),
        O("operator"),
        R("risk-officer"),
        T("token-admin");

        final String name;

        Role(String name) {
            this.name = name;
        }
    }

    private static final Role M = Role.M;
    private static final Role O = Role.O;
    private static final Role R = Role.R;
    private static final Role T = Role.T;

    /** Who may call each endpoint ("METHOD path" as the OpenAPI document spells it). No roles: nobody. */
    private static final Map<String, Set<Role>> RULES = rules(
            rule("GET /api/v1/accounts", M),
            rule("GET /api/v1/accounts/{account}", M),
            rule("POST /api/v1/admin/members/{member}/accounts", O),
            rule("GET /api/v1/admin/members/{member}/accounts", O, R),
            rule("GET /api/v1/admin/accounts/{account}", O, R),
            rule("POST /api/v1/admin/tokens", O, T),
            rule("POST /api/v1/admin/tokens/revocations", T),
            rule("POST /api/v1/admin/console/sign-in-links", T),
            rule("GET /api/v1/admin/audit", O, R),
            rule("GET /api/v1/admin/default-fund", O, R),
            rule("PUT /api/v1/admin/default-fund/members/{member}", O),
            rule("PUT /api/v1/admin/default-fund/skin-in-the-game", O),
            rule("GET /api/v1/admin/default-fund/sizing", O, R),
            rule("POST /api/v1/admin/defaults", O),
            rule("GET /api/v1/admin/defaults", O, R),
            rule("GET /api/v1/admin/defaults/{id}", O, R),
            rule("POST /api/v1/admin/defaults/{id}/approve", R),
            rule("POST /api/v1/admin/defaults/{id}/reject", R),
            rule("POST /api/v1/admin/defaults/{id}/port", O),
            rule("POST /api/v1/admin/defaults/{id}/close-out", O),
            rule("POST /api/v1/admin/defaults/{id}/auctions", O),
            rule("GET /api/v1/admin/defaults/{id}/auctions", O, R),
            rule("POST /api/v1/admin/defaults/{id}/waterfall", O),
            rule("POST /api/v1/admin/defaults/{id}/close", O),
            rule("GET /api/v1/admin/defaults/{id}/report", O, R),
            rule("GET /api/v1/admin/auctions/{id}", O, R),
            rule("POST /api/v1/admin/auctions/{id}/award", O),
            rule("POST /api/v1/admin/auctions/{id}/approve", R),
            rule("POST /api/v1/admin/auctions/{id}/cancel", O),
            rule("GET /api/v1/admin/default-flags", O, R),
            rule("GET /api/v1/admin/default-flags/{id}", O, R),
            rule("POST /api/v1/admin/default-flags/{id}/clear", O, R),
            rule("GET /api/v1/auctions", M),
            rule("GET /api/v1/auctions/{id}", M),
            rule("GET /api/v1/auctions/{id}/bids", M),
            rule("POST /api/v1/auctions/{id}/bids", M),
            rule("GET /api/v1/default-fund", M),
            rule("GET /api/v1/default-charges", M),
            rule("GET /api/v1/accounts/{account}/collateral", M),
            rule("GET /api/v1/accounts/{account}/ledger", M),
            rule("POST /api/v1/accounts/{account}/withdrawals", M),
            rule("GET /api/v1/accounts/{account}/withdrawals", M),
            rule("GET /api/v1/accounts/{account}/buckets", M),
            rule("POST /api/v1/accounts/{account}/buckets/{product}/allocate", M),
            rule("POST /api/v1/accounts/{account}/buckets/{product}/release", M),
            rule("POST /api/v1/admin/accounts/{account}/deposits", O),
            rule("GET /api/v1/admin/withdrawals", O, R),
            rule("POST /api/v1/admin/withdrawals/{id}/approve", O),
            rule("POST /api/v1/admin/withdrawals/{id}/reject", O),
            rule("GET /api/v1/admin/margin/schedules", O, R),
            rule("GET /api/v1/admin/margin/schedules/{version}", O, R),
            rule("POST /api/v1/admin/margin/schedules", O, R),
            rule("POST /api/v1/admin/margin/schedules/{version}/approve", R),
            rule("POST /api/v1/admin/margin/schedules/{version}/reject", R),
            rule("GET /api/v1/admin/margin/scenario-sets", O, R),
            rule("GET /api/v1/admin/margin/scenario-sets/{id}", O, R),
            rule("GET /api/v1/admin/margin/scenario-sets/{id}/scenarios", O, R),
            rule("POST /api/v1/admin/margin/scenario-sets", O, R),
            rule("POST /api/v1/admin/margin/scenario-sets/{id}/activate", O, R),
            rule("POST /api/v1/admin/margin/runs", O, R),
            rule("GET /api/v1/admin/margin/runs", O, R),
            rule("GET /api/v1/admin/margin/runs/{id}", O, R),
            rule("GET /api/v1/admin/margin/accounts/{account}", O, R),
            rule("GET /api/v1/admin/margin/calls", O, R),
            rule("GET /api/v1/admin/margin/calls/{id}", O, R),
            rule("POST /api/v1/admin/margin/calls/{id}/extend", O),
            rule("POST /api/v1/admin/margin/calls/{id}/cancel", O),
            rule("GET /api/v1/accounts/{account}/margin", M),
            rule("GET /api/v1/accounts/{account}/margin/history", M),
            rule("GET /api/v1/accounts/{account}/margin/mode-preview", M),
            rule("GET /api/v1/accounts/{account}/margin/liquidation-prices", M),
            rule("GET /api/v1/accounts/{account}/margin-calls", M),
            rule("GET /api/v1/margin-calls", M),
            rule("POST /api/v1/margin/what-if", M),
            rule("GET /api/v1/accounts/{account}/backtest", M),
            rule("GET /api/v1/accounts/{account}/backtest/observations", M),
            rule("GET /api/v1/accounts/{account}/backtest/observations.csv", M),
            rule("GET /api/v1/admin/backtests", O, R),
            rule("GET /api/v1/admin/backtests/accounts/{account}", O, R),
            rule("GET /api/v1/admin/backtests/members/{member}", O, R),
            rule("GET /api/v1/admin/backtests/underlyings/{underlying}", O, R),
            rule("GET /api/v1/admin/backtests/observations", O, R),
            rule("GET /api/v1/admin/backtests/observations.csv", O, R),
            rule("POST /api/v1/admin/backtests/snapshots", O),
            rule("POST /api/v1/admin/backtests/observations", O),
            rule("GET /api/v1/margin/schedule", M, O, R),
            rule("GET /api/v1/marks", M, O, R),
            rule("GET /api/v1/marks/{product}", M, O, R),
            rule("GET /api/v1/marks/{product}/history", M, O, R),
            rule("GET /api/v1/admin/marks", O, R),
            rule("POST /api/v1/admin/marks/{product}/accept", O),
            rule("PUT /api/v1/admin/marks/{product}", O),
            rule("DELETE /api/v1/admin/marks/{product}/override", O),
            rule("GET /api/v1/me", M),
            rule("POST /api/v1/admin/members", O),
            rule("GET /api/v1/admin/members", O, R),
            rule("GET /api/v1/admin/members/{code}", O, R),
            rule("POST /api/v1/admin/members/{code}/suspend", O),
            rule("POST /api/v1/admin/members/{code}/reinstate", O),
            rule("POST /api/v1/admin/assets", O),
            rule("GET /api/v1/assets", M, O, R),
            rule("POST /api/v1/admin/venues", O),
            rule("GET /api/v1/venues", M, O, R),
            rule("POST /api/v1/admin/products", O),
            rule("GET /api/v1/products", M, O, R),
            rule("GET /api/v1/products/{product}/final-price", M, O, R),
            rule("PUT /api/v1/admin/products/{product}/final-price", O),
            rule("GET /api/v1/accounts/{account}/greeks", M),
            rule("GET /api/v1/admin/margin/accounts/{account}/greeks", O, R),
            rule("GET /api/v1/accounts/{account}/margin/replication", M),
            rule("GET /api/v1/admin/margin/accounts/{account}/replication", O, R),
            rule("GET /api/v1/accounts/{account}/margin/liquidation-prices/underlyings", M),
            rule("POST /api/v1/admin/venues/{venue}/instruments", O),
            rule("GET /api/v1/venues/{venue}/instruments", M, O, R),
            rule("POST /api/v1/admin/settlement-cycles", O),
            rule("GET /api/v1/admin/settlement-cycles", O, R),
            rule("GET /api/v1/admin/settlement-cycles/{cycle}", O, R),
            rule("POST /api/v1/admin/settlement-cycles/{cycle}/resume", O),
            rule("GET /api/v1/admin/settlement-confirmations", O, R),
            rule("GET /api/v1/admin/settlement-instructions", O, R),
            rule("GET /api/v1/admin/settlement-instructions/{id}", O, R),
            rule("POST /api/v1/admin/settlement-instructions/{id}/settle", O),
            rule("POST /api/v1/admin/settlement-instructions/{id}/fail", O),
            rule("GET /api/v1/admin/settlement-statements/{cycle}/{member}", O, R),
            rule("GET /api/v1/settlement-instructions", M),
            rule("GET /api/v1/settlement-instructions/{id}", M),
            rule("GET /api/v1/settlement-statements/{cycle}", M),
            rule("GET /api/v1/admin/dead-letters", O, R),
            rule("GET /api/v1/admin/dead-letters/{id}", O, R),
            rule("POST /api/v1/admin/dead-letters/{id}/replay", O),
            rule("POST /api/v1/admin/dead-letters/{id}/discard", O),
            rule("GET /api/v1/accounts/{account}/positions", M),
            rule("GET /api/v1/accounts/{account}/trades", M));

    /** Endpoints whose body is CSV rather than JSON. */
    private static final Set<String> CSV_BODIES = Set.of("POST /api/v1/admin/margin/scenario-sets");

    private static final Pattern PARAMETER = Pattern.compile("\\{([^}]+)}");

    private static String caller;
    private static String otherAccount;

    @BeforeEach
    void twoMembers() {
        if (caller != null) {
            return;
        }
        caller = Api.createMember();
        Api.openAccount(caller);
        otherAccount = Api.openAccount(Api.createMember());
    }

    @Test
    void shouldHaveARuleForEveryEndpointOfTheLiveDocument() {
        Set<String> missing = new TreeSet<>(liveEndpoints());
        missing.removeAll(RULES.keySet());
        assertThat(missing)
                .as("endpoints without an access rule: add their rule to EndpointAccessMatrixTest.RULES")
                .isEmpty();
        Set<String> stale = new TreeSet<>(RULES.keySet());
        stale.removeAll(liveEndpoints());
        assertThat(stale)
                .as("rules for endpoints that no longer exist: remove them from EndpointAccessMatrixTest.RULES")
                .isEmpty();
    }

    @Test
    void shouldRefuseCallersWithoutATokenOrWithTheWrongRole() {
        List<String> wrong = new ArrayList<>();
        for (String endpoint : liveEndpoints()) {
            Set<Role> allowed = RULES.get(endpoint);
            if (allowed == null) {
                continue;
            }
            int status =
                    call(given().contentType(ContentType.JSON), endpoint, "ANY").statusCode();
            if (status != 401) {
                wrong.add(endpoint + " without a token: " + status);
            }
            for (Role role :
                    EnumSet.complementOf(EnumSet.copyOf(allowed.isEmpty() ? EnumSet.noneOf(Role.class) : allowed))) {
                status = call(Api.as(token(role)), endpoint, "ANY").statusCode();
                if (status != 403) {
                    wrong.add(endpoint + " as " + role.name + ": " + status);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void shouldHideAnotherMembersAccountFromAMember() {
        List<String> wrong = new ArrayList<>();
        for (String endpoint : liveEndpoints()) {
            Set<Role> allowed = RULES.get(endpoint);
            if (allowed == null || !allowed.contains(M) || !endpoint.contains("{account}")) {
                continue;
            }
            Response response = call(Api.as(Tokens.member(caller)), endpoint, otherAccount);
            if (response.statusCode() != 404) {
                wrong.add(endpoint + ": " + response.statusCode());
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static String token(Role role) {
        return role == M ? Tokens.member(caller) : Tokens.of("matrix-" + role.name, role.name);
    }

    private static Response call(RequestSpecification spec, String endpoint, String account) {
        String[] methodAndPath = endpoint.split(" ", 2);
        Matcher parameters = PARAMETER.matcher(methodAndPath[1]);
        StringBuilder path = new StringBuilder();
        while (parameters.find()) {
            String name = parameters.group(1);
            parameters.appendReplacement(
                    path, name.equals("account") ? account : name.equals("id") || name.equals("cycle") ? "1" : "ANY");
        }
        parameters.appendTail(path);
        RequestSpecification request = methodAndPath[0].equals("GET") || methodAndPath[0].equals("DELETE")
                ? spec
                : CSV_BODIES.contains(endpoint)
                        ? spec.contentType("text/csv").body("")
                        : spec.body("{\"asset\":\"USD\",\"quantity\":\"1\"}");
        return request.request(methodAndPath[0], path.toString());
    }

    private static Set<String> liveEndpoints() {
        JsonPath document = JsonPath.from(given().accept(ContentType.JSON)
                .get("/q/openapi?format=json")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        Set<String> endpoints = new TreeSet<>();
        Map<String, Map<String, Object>> paths = document.getMap("paths");
        paths.forEach((path, operations) -> operations.keySet().stream()
                .filter(method ->
                        Set.of("get", "post", "put", "delete", "patch").contains(method))
                .forEach(method -> endpoints.add(method.toUpperCase() + " " + path)));
        return endpoints;
    }

    private static Map.Entry<String, Set<Role>> rule(String endpoint, Role... roles) {
        return Map.entry(endpoint, roles.length == 0 ? Set.of() : Set.copyOf(EnumSet.of(roles[0], roles)));
    }

    @SafeVarargs
    private static Map<String, Set<Role>> rules(Map.Entry<String, Set<Role>>... entries) {
        Map<String, Set<Role>> rules = new LinkedHashMap<>();
        for (Map.Entry<String, Set<Role>> entry : entries) {
            rules.put(entry.getKey(), entry.getValue());
        }
        return rules;
    }
}
