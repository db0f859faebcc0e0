package io.concordia.clearing.adversarial;

import static io.concordia.clearing.adversarial.Problems.assertProblem;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reference data is taken as given or refused, never guessed at: an asset's scale is a JSON integer, an enum is a name,
 * a future is listed before it expires, and no venue or scenario set may take a name Concordia uses itself.
 */
@QuarkusTest
class ReferenceDataIsCheckedTest {

    @ParameterizedTest(name = "scale {0}")
    @ValueSource(strings = {"2.5", "\"2\"", "2.0", "true", "\"\"", "1e1"})
    void shouldRefuseAScaleThatIsNotAJsonInteger(String scale) {
        List<Object> before = Problems.writeCounts();
        assertProblem(
                operator()
                        .body("{\"code\":\"" + Api.unique("S") + "\",\"scale\":" + scale + "}")
                        .post("/api/v1/admin/assets"),
                400,
                "INVALID_VALUE");
        assertThat(Problems.writeCounts()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnEnumGivenByItsNumber() {
        String member = Api.createMember();
        assertProblem(
                operator()
                        .body("{\"code\":\"" + Api.unique("A") + "\",\"mode\":0,\"type\":\"HOUSE\"}")
                        .post("/api/v1/admin/members/{m}/accounts", member),
                400,
                "INVALID_VALUE");
    }

    @Test
    void shouldRefuseAFutureThatHasExpiredOrExpiresAbsurdlyLate() {
        List<Object> before = Problems.writeCounts();
        for (String expiry : List.of(LocalDate.now().minusDays(1).toString(), "2020-03-27", "9999-12-31")) {
            assertProblem(
                    operator()
                            .body(Map.of(
                                    "symbol",
                                    Api.unique("FUT-"),
                                    "underlying",
                                    "BTC",
                                    "kind",
                                    "FUTURE",
                                    "expiry",
                                    expiry))
                            .post("/api/v1/admin/products"),
                    422,
                    "INVALID_EXPIRY");
        }
        assertThat(Problems.writeCounts()).isEqualTo(before);
        operator()
                .body(Map.of(
                        "symbol",
                        Api.unique("FUT-"),
                        "underlying",
                        "BTC",
                        "kind",
                        "FUTURE",
                        "expiry",
                        LocalDate.now().plusMonths(3).toString()))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201);
    }

    @Test
    void shouldRefuseAVenueWhoseTopicIsConcordiasOwn() {
        List<Object> before = Problems.writeCounts();
        assertProblem(
                operator().body(Map.of("code", "dlq", "name", "Dead letters")).post("/api/v1/admin/venues"),
                422,
                "RESERVED_VENUE_CODE");
        assertThat(Problems.writeCounts()).isEqualTo(before);
    }

    @Test
    void shouldRefuseAnUploadUnderTheGeneratedDemoSetsIds() {
        List<Object> before = Problems.writeCounts();
        assertProblem(
                operator()
                        .contentType("text/csv")
                        .body("date,underlying,close\n2026-11-01,BTC,64000\n")
                        .post("/api/v1/admin/margin/scenario-sets?id=synthetic-1234abcd"),
                400,
                "INVALID_SCENARIO_SET_ID");
        assertThat(Problems.writeCounts()).isEqualTo(before);
    }
}
