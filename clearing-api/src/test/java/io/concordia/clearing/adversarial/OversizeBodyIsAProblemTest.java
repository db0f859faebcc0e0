package io.concordia.clearing.adversarial;

import static io.concordia.clearing.adversarial.Problems.assertProblem;
import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A body over the 1 MB limit is answered like every other refusal: problem+json with a stable code. */
@QuarkusTest
class OversizeBodyIsAProblemTest {

    @Test
    void shouldAnswer413AsAProblemAndWriteNothing() {
        String account = Api.openAccount(Api.createMember());
        List<Object> before = Problems.writeCounts();
        String huge = "{\"asset\":\"USD\",\"quantity\":\"1\",\"reference\":\"" + "x".repeat(2_000_000) + "\"}";
        assertProblem(
                operator().body(huge).post("/api/v1/admin/accounts/{a}/deposits", account), 413, "PAYLOAD_TOO_LARGE");
        assertProblem(
                operator()
                        .contentType("text/csv")
                        .body("date,underlying,close\n" + "2026-11-01,BTC,1\n".repeat(80_000))
                        .post("/api/v1/admin/margin/scenario-sets?id=" + Api.unique("s")),
                413,
                "PAYLOAD_TOO_LARGE");
        assertThat(Problems.writeCounts()).isEqualTo(before);
    }
}
