package io.concordia.clearing.margin;

import static io.concordia.clearing.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A schedule approved for a later date never leaves a listed underlying without a tier: listing refuses an underlying
 * it lacks, and if one is listed anyway (a listing racing the approval), its activation is held with the active version
 * left in force and operators alerted, until nothing it lacks is listed.
 */
@QuarkusTest
class ScheduleCoverageTest {

    private static final String SCHEDULES = "/api/v1/admin/margin/schedules";

    @Test
    void shouldNeverActivateOrAllowAListingThatLeavesAListedUnderlyingWithoutATier() {
        Margins.usd();
        String underlying = Api.unique("Q").toUpperCase().replaceAll("[^A-Z0-9]", "");
        // the active schedule with a tier for a new underlying, approved now
        JsonPath active = as(Tokens.operator())
                .get("/api/v1/margin/schedule")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        Map<String, Object> withTier = active.getMap("schedule");
        @SuppressWarnings("unchecked")
        Map<String, Object> tiers = new HashMap<>((Map<String, Object>) withTier.get("underlyings"));
        tiers.put(underlying, tiers.get("BTC"));
        withTier.put("underlyings", tiers);
        String covering = approve(withTier, null);
        assertThat(activeVersion()).isEqualTo(covering);

        // the same without it, approved for an hour from now
        Map<String, Object> withoutTier = new HashMap<>(withTier);
        Map<String, Object> fewer = new HashMap<>(tiers);
        fewer.remove(underlying);
        withoutTier.put("underlyings", fewer);
        String later = approve(withoutTier, Instant.now().plus(Duration.ofHours(1)));
        as(Tokens.operator()).get(SCHEDULES + "/{v}", later).then().body("status", equalTo("APPROVED"));

        // listing the underlying now would leave its positions unmargined in an hour
        as(Tokens.operator())
                .body(Map.of("symbol", underlying + "-PERP", "underlying", underlying, "kind", "PERPETUAL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(422)
                .body("code", equalTo("UNDERLYING_NOT_IN_SCHEDULE"))
                .body("detail", containsString(later));
        assertThat(TestDatabase.count("SELECT count(*) FROM product WHERE underlying = ?", underlying))
                .isZero();

        // a listing that raced the approval, then the effective time comes: the active version stays in force
        TestDatabase.execute("INSERT INTO product (symbol, underlying, kind) VALUES ('" + underlying + "-PERP', '"
                + underlying + "', 'PERPETUAL')");
        TestDatabase.execute("UPDATE margin_schedule SET effective_at = now() - interval '1 second' WHERE version = '"
                + later + "'");
        Eventually.until(
                "the held activation alerted",
                () -> TestDatabase.count(
                                "SELECT count(*) FROM outbox WHERE type = 'SCHEDULE_ACTIVATION_HELD' AND event_key = ?",
                                later)
                        == 1);
        assertThat(activeVersion()).isEqualTo(covering);
        as(Tokens.operator()).get(SCHEDULES + "/{v}", later).then().body("status", equalTo("APPROVED"));
        assertThat((String) TestDatabase.single(
                        "SELECT payload::text FROM outbox WHERE type = 'SCHEDULE_ACTIVATION_HELD' "
                                + "AND event_key = ?",
                        later))
                .contains("\"underlyingsWithoutTier\": [\"" + underlying + "\"]");

        // once nothing it lacks is listed, it activates by itself
        TestDatabase.execute("DELETE FROM product WHERE underlying = '" + underlying + "'");
        Eventually.until("the held version active", () -> later.equals(activeVersion()));
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM outbox WHERE type = 'SCHEDULE_ACTIVATION_HELD' AND event_key = ?", later))
                .isEqualTo(1);
    }

    /** Drafts {@code schedule} as one person and approves it as another, effective at {@code effectiveAt} or now. */
    private static String approve(Map<String, Object> schedule, Instant effectiveAt) {
        String version = Api.unique("cov-");
        as(Tokens.operator("op-carol"))
                .body(Map.of("version", version, "schedule", schedule))
                .post(SCHEDULES)
                .then()
                .statusCode(201);
        Map<String, Object> body = effectiveAt == null ? Map.of() : Map.of("effectiveAt", effectiveAt.toString());
        as(Tokens.riskOfficer("ro-erin"))
                .body(body)
                .post(SCHEDULES + "/{v}/approve", version)
                .then()
                .statusCode(200);
        return version;
    }

    private static String activeVersion() {
        return as(Tokens.operator())
                .get("/api/v1/margin/schedule")
                .then()
                .statusCode(200)
                .extract()
                .path("version");
    }
}
