package io.concordia.clearing.adversarial;

import static io.concordia.clearing.adversarial.Problems.assertProblem;
import static io.concordia.clearing.support.Api.as;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A query parameter that does not convert is the client's error, {@code 400} naming the parameter — never the 404 the
 * framework makes of it, as if the resource did not exist.
 */
@QuarkusTest
class QueryParameterErrorsAreBadRequestsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "/api/v1/admin/members?page=abc|page|INVALID_PARAMETER",
                "/api/v1/admin/members?size=1.5|size|INVALID_PARAMETER",
                "/api/v1/admin/members?size=99999999999999999999|size|INVALID_PARAMETER",
                "/api/v1/admin/withdrawals?status=BOGUS|status|INVALID_PARAMETER",
                "/api/v1/admin/withdrawals?status=pending|status|INVALID_PARAMETER",
                "/api/v1/admin/margin/calls?page=-x|page|INVALID_PARAMETER",
                "/api/v1/admin/dead-letters?size=ten|size|INVALID_PARAMETER"
            })
    void shouldAnswer400NamingTheParameter(String url, String parameter, String code) {
        Response response = operator().get(url);
        assertProblem(response, 400, code);
        assertThat(response.jsonPath().getString("detail")).contains("'" + parameter + "'");
    }

    @Test
    void shouldRefuseABooleanThatIsNeitherTrueNorFalse() {
        String member = Api.createMember();
        Response response = as(Tokens.member(member)).get("/api/v1/margin-calls?open=yes");
        assertProblem(response, 400, "INVALID_PARAMETER");
        assertThat(response.jsonPath().getString("detail")).contains("'open'");
        as(Tokens.member(member)).get("/api/v1/margin-calls?open=true").then().statusCode(200);
        as(Tokens.member(member)).get("/api/v1/margin-calls").then().statusCode(200); // absent: every call, open or not
    }

    @Test
    void shouldRefuseANonNumericDecimalParameter() {
        for (String lambda : new String[] {"NaN", "Infinity", "abc"}) {
            Response response = operator()
                    .contentType("text/csv")
                    .body("date,underlying,close\n2026-11-01,BTC,64000\n")
                    .post("/api/v1/admin/margin/scenario-sets?id=" + Api.unique("s") + "&lambda=" + lambda);
            assertProblem(response, 400, "INVALID_VALUE");
            assertThat(response.jsonPath().getString("detail")).contains("'lambda'");
        }
    }

    @Test
    void shouldStillAnswerValidParameters() {
        operator().get("/api/v1/admin/members?page=0&size=5").then().statusCode(200);
        operator().get("/api/v1/admin/withdrawals?status=PENDING").then().statusCode(200);
    }
}
