package io.concordia.clearing.adversarial;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.concordia.clearing.support.TestDatabase;
import io.restassured.response.Response;
import java.util.List;

/** What every refusal must look like, and what a refusal must leave unchanged. */
final class Problems {

    private Problems() {}

    /** A problem+json answer with this status and stable code, a bounded detail and nothing internal in it. */
    static void assertProblem(Response response, int status, String code) {
        String body = response.asString();
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertWellFormedProblem(response);
        assertThat(code(response)).as(body).isEqualTo(code);
    }

    /** Any problem+json answer: a stable code, a detail of bounded length, no stack trace, class, SQL or server name. */
    static void assertWellFormedProblem(Response response) {
        String body = response.asString();
        assertThat(response.contentType()).as(body).startsWith("application/problem+json");
        JsonNode problem = parse(body);
        assertThat(problem.path("code").asText()).as(body).matches("[A-Z][A-Z0-9_]*");
        assertThat(problem.path("status").asInt()).isEqualTo(response.statusCode());
        assertThat(problem.path("detail").asText()).as(body).isNotBlank().hasSizeLessThanOrEqualTo(1100);
        assertThat(body)
                .doesNotContain("Exception", "org.", "java.", "SQL", "\tat ", "hibernate", "postgres", "\u0000");
    }

    /** The stable code of a problem answer. */
    static String code(Response response) {
        return parse(response.asString()).path("code").asText();
    }

    // Jackson rather than REST Assured's JSON path: the fuzz run checks thousands of answers, and the path evaluator
    // cost more per answer than the request did.
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + clip(body), e);
        }
    }

    /** Text for an assertion message: the first 300 characters. */
    static String clip(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "...";
    }

    /**
     * The last row of everything a client's write could touch (one query, on indexes: cheap enough to run around every
     * request of a fuzz run): equal before and after a refused request. Balances move only with postings. Synthetic
     * scenario sets are left out: the margin worker extends them in the background when another test's account holds
     * an underlying they do not cover yet.
     */
    static List<Object> writeCounts() {
        return TestDatabase.row("""
                SELECT (SELECT max(id) FROM journal_entry), (SELECT max(id) FROM posting), (SELECT max(id) FROM withdrawal),
                       (SELECT count(*) FROM withdrawal WHERE status = 'PENDING'), (SELECT max(id) FROM external_booking),
                       (SELECT max(id) FROM audit_log), (SELECT max(id) FROM member), (SELECT max(id) FROM account),
                       (SELECT max(id) FROM asset), (SELECT max(id) FROM product), (SELECT max(id) FROM venue),
                       (SELECT max(id) FROM venue_instrument), (SELECT count(*) FROM scenario_set WHERE source = 'UPLOAD'),
                       (SELECT count(*) FROM margin_schedule)""").stream()
                .map(v -> v instanceof java.math.BigDecimal d ? (Object) d.stripTrailingZeros() : v)
                .toList();
    }
}
