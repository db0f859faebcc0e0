package io.concordia.clearing.api;

import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input catalogue: each case gets a problem+json answer with a stable code and a clear message, no
 * internals in the body, and nothing written.
 */
@QuarkusTest
class BadInputTest {

    static String asset;
    static String member;
    static String account;

    @BeforeEach
    void anAccountWithCollateral() {
        if (account == null) {
            asset = Api.createAsset(2);
            member = Api.createMember();
            account = Api.openAccount(member);
            Api.deposit(account, asset, "100");
        }
    }

    static Stream<Arguments> depositBodies() {
        return Stream.of(
                Arguments.of(
                        "unknown property",
                        "{\"asset\":\"%s\",\"quantity\":\"1\",\"reference\":\"r\",\"extra\":1}",
                        400,
                        "UNKNOWN_PROPERTY"),
                Arguments.of("missing quantity", "{\"asset\":\"%s\",\"reference\":\"r\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("missing reference", "{\"asset\":\"%s\",\"quantity\":\"1\"}", 400, "VALIDATION_FAILED"),
                Arguments.of("empty body", "", 400, "VALIDATION_FAILED"),
                Arguments.of(
                        "negative", "{\"asset\":\"%s\",\"quantity\":\"-5\",\"reference\":\"r\"}", 422, "NOT_POSITIVE"),
                Arguments.of(
                        "zero", "{\"asset\":\"%s\",\"quantity\":\"0.00\",\"reference\":\"r\"}", 422, "NOT_POSITIVE"),
                Arguments.of(
                        "NaN string",
                        "{\"asset\":\"%s\",\"quantity\":\"NaN\",\"reference\":\"r\"}",
                        400,
                        "INVALID_VALUE"),
                Arguments.of(
                        "NaN literal",
                        "{\"asset\":\"%s\",\"quantity\":NaN,\"reference\":\"r\"}",
                        400,
                        "MALFORMED_JSON"),
                Arguments.of(
                        "Infinity string",
                        "{\"asset\":\"%s\",\"quantity\":\"Infinity\",\"reference\":\"r\"}",
                        400,
                        "INVALID_VALUE"),
                Arguments.of(
                        "too many decimals",
                        "{\"asset\":\"%s\",\"quantity\":\"1.001\",\"reference\":\"r\"}",
                        422,
                        "TOO_MANY_DECIMALS"),
                Arguments.of(
                        "absurd magnitude",
                        "{\"asset\":\"%s\",\"quantity\":\"1e30\",\"reference\":\"r\"}",
                        422,
                        "NUMBER_OUT_OF_RANGE"),
                Arguments.of(
                        "absurd exponent",
                        "{\"asset\":\"%s\",\"quantity\":\"1e999999999\",\"reference\":\"r\"}",
                        422,
                        "NUMBER_OUT_OF_RANGE"),
                Arguments.of(
                        "absurdly long number",
                        "{\"asset\":\"%s\",\"quantity\":" + "9".repeat(200) + ",\"reference\":\"r\"}",
                        422,
                        "NUMBER_OUT_OF_RANGE"),
                Arguments.of("malformed JSON", "{\"asset\":\"%s\",\"quantity\":", 400, "MALFORMED_JSON"),
                Arguments.of(
                        "trailing garbage",
                        "{\"asset\":\"%s\",\"quantity\":\"1\",\"reference\":\"r\"} {}",
                        400,
                        "MALFORMED_JSON"),
                Arguments.of("array instead of object", "[1,2]", 400, "INVALID_VALUE"),
                Arguments.of(
                        "unknown asset",
                        "{\"asset\":\"NOPE%s\",\"quantity\":\"1\",\"reference\":\"r\"}",
                        422,
                        "UNKNOWN_ASSET"),
                Arguments.of(
                        "blank reference",
                        "{\"asset\":\"%s\",\"quantity\":\"1\",\"reference\":\" \"}",
                        400,
                        "VALIDATION_FAILED"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("depositBodies")
    void shouldRefuseBadDepositsAndWriteNothing(String name, String body, int status, String code) {
        long postings = TestDatabase.count("SELECT count(*) FROM posting");
        long audits = TestDatabase.count("SELECT count(*) FROM audit_log");
        Response response = operator()
                .body(body.contains("%s") ? body.formatted(asset) : body)
                .post("/api/v1/admin/accounts/{a}/deposits", account);
        assertProblem(response, status, code);
        assertThat(TestDatabase.count("SELECT count(*) FROM posting")).isEqualTo(postings);
        assertThat(TestDatabase.count("SELECT count(*) FROM audit_log")).isEqualTo(audits);
        as(Tokens.member(member))
                .get("/api/v1/accounts/{a}/collateral", account)
                .then()
                .body("[0].quantity", org.hamcrest.Matchers.equalTo("100.00"));
    }

    @Test
    void shouldRefuseAnOversizeBodyWith413() {
        String huge =
                "{\"asset\":\"" + asset + "\",\"quantity\":\"1\",\"reference\":\"" + "x".repeat(2_000_000) + "\"}";
        long postings = TestDatabase.count("SELECT count(*) FROM posting");
        Response response = operator().body(huge).post("/api/v1/admin/accounts/{a}/deposits", account);
        assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
        assertThat(TestDatabase.count("SELECT count(*) FROM posting")).isEqualTo(postings);
    }

    @Test
    void shouldRefuseAWithdrawalTheBalanceDoesNotCover() {
        long withdrawals = TestDatabase.count("SELECT count(*) FROM withdrawal");
        Response response = as(Tokens.member(member))
                .body("{\"asset\":\"" + asset + "\",\"quantity\":\"100.01\"}")
                .post("/api/v1/accounts/{a}/withdrawals", account);
        assertProblem(response, 422, "INSUFFICIENT_BALANCE");
        assertThat(TestDatabase.count("SELECT count(*) FROM withdrawal")).isEqualTo(withdrawals);
    }

    @Test
    void shouldRefusePageSizesBeyondTheLimitAndNegativePages() {
        assertProblem(operator().get("/api/v1/admin/members?size=501"), 400, "INVALID_PAGE_SIZE");
        assertProblem(operator().get("/api/v1/admin/members?size=0"), 400, "INVALID_PAGE_SIZE");
        assertProblem(operator().get("/api/v1/admin/members?page=-1"), 400, "INVALID_PAGE");
        assertProblem(
                as(Tokens.member(member)).get("/api/v1/accounts/{a}/ledger?size=100000", account),
                400,
                "INVALID_PAGE_SIZE");
        assertProblem(operator().get("/api/v1/admin/members?size=abc"), 400, "INVALID_PARAMETER");
    }

    @Test
    void shouldRefuseUnknownEnumValuesAndBadCodes() {
        String member2 = Api.createMember();
        assertProblem(
                operator()
                        .body("{\"code\":\"ACC1X\",\"mode\":\"MARGIN\",\"type\":\"HOUSE\"}")
                        .post("/api/v1/admin/members/{m}/accounts", member2),
                400,
                "INVALID_VALUE");
        assertProblem(
                operator()
                        .body("{\"code\":\"lower case!\",\"mode\":\"CROSS\",\"type\":\"HOUSE\"}")
                        .post("/api/v1/admin/members/{m}/accounts", member2),
                400,
                "VALIDATION_FAILED");
        assertProblem(
                operator().body("{\"code\":\"AB\",\"scale\":19}").post("/api/v1/admin/assets"),
                400,
                "VALIDATION_FAILED");
    }

    @Test
    void shouldRefuseAnUnsupportedMediaType() {
        Response response = operator()
                .contentType(ContentType.TEXT)
                .body("asset=" + asset)
                .post("/api/v1/admin/accounts/{a}/deposits", account);
        assertProblem(response, 415, "UNSUPPORTED_MEDIA_TYPE");
    }

    static void assertProblem(Response response, int status, String code) {
        String body = response.asString();
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).isEqualTo(code);
        assertThat(response.jsonPath().getString("detail")).isNotBlank();
        assertThat(body).doesNotContain("Exception", "org.", "java.", "SQL", "\tat ", "hibernate", "postgres");
    }
}
