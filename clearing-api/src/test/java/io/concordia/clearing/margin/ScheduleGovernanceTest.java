package io.concordia.clearing.margin;

import static io.concordia.clearing.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ScheduleGovernanceTest {

    private static final String SCHEDULES = "/api/v1/admin/margin/schedules";

    @Test
    void shouldActivateAScheduleOnlyWhenADifferentRiskOfficerApprovesIt() {
        String active = as(Tokens.operator())
                .get("/api/v1/margin/schedule")
                .then()
                .statusCode(200)
                .extract()
                .path("version");
        String version = Api.unique("v-");
        as(Tokens.operator("op-carol"))
                .body(Map.of("version", version, "note", "same parameters, new version"))
                .post(SCHEDULES)
                .then()
                .statusCode(201)
                .header("Location", endsWith(SCHEDULES + "/" + version))
                .body("status", equalTo("DRAFT"))
                .body("basedOn", equalTo(active))
                .body("schedule.version", equalTo(version))
                .body("proposedBy", equalTo("op-carol"));

        // the proposer cannot approve, even holding the risk-officer role; operators and members cannot at all
        as(Tokens.riskOfficer("op-carol"))
                .body(Map.of())
                .post(SCHEDULES + "/{v}/approve", version)
                .then()
                .statusCode(409)
                .body("code", equalTo("FOUR_EYES_REQUIRED"));
        as(Tokens.operator("op-dave"))
                .body(Map.of())
                .post(SCHEDULES + "/{v}/approve", version)
                .then()
                .statusCode(403);
        as(Tokens.member(Api.createMember()))
                .body(Map.of())
                .post(SCHEDULES + "/{v}/approve", version)
                .then()
                .statusCode(403);
        as(Tokens.member(Api.createMember()))
                .body(Map.of("version", Api.unique("m-")))
                .post(SCHEDULES)
                .then()
                .statusCode(403);
        assertThat(as(Tokens.operator())
                        .get("/api/v1/margin/schedule")
                        .then()
                        .extract()
                        .<String>path("version"))
                .isEqualTo(active);

        // approved for a minute from now: APPROVED, not yet active
        Instant effective = Instant.now().plus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        as(Tokens.riskOfficer("ro-erin"))
                .body(Map.of("effectiveAt", effective.toString()))
                .post(SCHEDULES + "/{v}/approve", version)
                .then()
                .statusCode(200)
                .body("status", equalTo("APPROVED"))
                .body("decidedBy", equalTo("ro-erin"));
        assertThat(as(Tokens.operator())
                        .get("/api/v1/margin/schedule")
                        .then()
                        .extract()
                        .<String>path("version"))
                .isEqualTo(active);
        as(Tokens.riskOfficer("ro-erin"))
                .body(Map.of())
                .post(SCHEDULES + "/{v}/approve", version)
                .then()
                .statusCode(409)
                .body("code", equalTo("SCHEDULE_NOT_DRAFT"));

        // a second version approved for now supersedes the active one at once and everyone is re-margined under it
        String now = Api.unique("v-");
        as(Tokens.operator("op-carol"))
                .body(Map.of("version", now, "basedOn", active))
                .post(SCHEDULES)
                .then()
                .statusCode(201);
        as(Tokens.riskOfficer("ro-erin"))
                .body(Map.of())
                .post(SCHEDULES + "/{v}/approve", now)
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"));
        as(Tokens.member(Api.createMember()))
                .get("/api/v1/margin/schedule")
                .then()
                .statusCode(200)
                .body("version", equalTo(now));
        as(Tokens.operator()).get(SCHEDULES + "/{v}", active).then().body("status", equalTo("SUPERSEDED"));
        Margins.awaitQuiet();
        // every open account is re-margined under it (closed accounts, e.g. ported away in a default, are not queued)
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM account_margin m JOIN account a ON a.id = m.account_id "
                                + "WHERE a.status <> 'CLOSED' AND m.schedule_version <> ?",
                        now))
                .isZero();

        // the database itself refuses self-approval, whatever the code does
        assertThat(TestDatabase.count("SELECT count(*) FROM margin_schedule WHERE decided_by = proposed_by"))
                .isZero();
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE object_type = 'margin-schedule' AND object_code = ?",
                        version))
                .isEqualTo(2);
    }

    @Test
    void shouldRejectDraftsAndRefuseInvalidSchedules() {
        String version = Api.unique("v-");
        JsonPath active = as(Tokens.operator())
                .get("/api/v1/margin/schedule")
                .then()
                .extract()
                .jsonPath();
        Map<String, Object> schedule = active.getMap("schedule");
        schedule.put("confidence", "1.5");
        as(Tokens.operator("op-carol"))
                .body(Map.of("version", version, "schedule", schedule))
                .post(SCHEDULES)
                .then()
                .statusCode(400)
                .body("code", equalTo("INVALID_SCHEDULE"));
        schedule.put("confidence", "0.995");
        as(Tokens.operator("op-carol"))
                .body(Map.of("version", version, "schedule", schedule))
                .post(SCHEDULES)
                .then()
                .statusCode(201)
                .body("schedule.confidence", equalTo("0.995"));
        as(Tokens.operator("op-carol"))
                .body(Map.of("version", version))
                .post(SCHEDULES)
                .then()
                .statusCode(409)
                .body("code", equalTo("SCHEDULE_VERSION_EXISTS"));
        as(Tokens.riskOfficer("ro-erin"))
                .body(Map.of("reason", "not this quarter"))
                .post(SCHEDULES + "/{v}/reject", version)
                .then()
                .statusCode(200)
                .body("status", equalTo("REJECTED"));
        as(Tokens.riskOfficer("ro-erin"))
                .body(Map.of())
                .post(SCHEDULES + "/{v}/approve", version)
                .then()
                .statusCode(409);
        as(Tokens.operator()).get(SCHEDULES).then().statusCode(200).body("version", hasItem(version));
    }

    @Test
    void shouldBuildUploadedScenarioSetsAndActivateOnlyOnesCoveringEveryListedUnderlying() {
        Margins.usd();
        as(Tokens.operator())
                .body(Map.of("symbol", Api.unique("UPL") + "-PERP", "underlying", "BTC", "kind", "PERPETUAL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201);
        List<String> listed = Margins.listedUnderlyings();
        String csv =
                io.concordia.clearing.margin.SyntheticHistory.csv(listed, java.time.LocalDate.of(2026, 11, 1), 300, 7);
        String id = Api.unique("hist-").toLowerCase();
        // model 1.1 windows start at t = h + 1: 300 closes at horizon 1 give 298 scenarios
        as(Tokens.operator())
                .contentType("text/csv")
                .body(csv)
                .post("/api/v1/admin/margin/scenario-sets?id={id}&horizon=1", id)
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/admin/margin/scenario-sets/" + id))
                .body("source", equalTo("UPLOAD"))
                .body("scenarioCount", equalTo(298))
                .body("modelVersion", equalTo("1.1"))
                .body("active", equalTo(false));
        as(Tokens.operator())
                .contentType("text/csv")
                .body("date,underlying,close\n2026-01-01,BTC,abc\n")
                .post("/api/v1/admin/margin/scenario-sets")
                .then()
                .statusCode(422)
                .body("code", equalTo("INVALID_PRICE_HISTORY"))
                .body("problems[0].code", equalTo("INVALID_CLOSE"))
                .body("problems[0].line", equalTo(2));

        String partial = Api.unique("part-").toLowerCase();
        String onlyOne = io.concordia.clearing.margin.SyntheticHistory.csv(
                List.of("ZZZ"), java.time.LocalDate.of(2026, 11, 1), 300, 7);
        as(Tokens.operator())
                .contentType("text/csv")
                .body(onlyOne)
                .post("/api/v1/admin/margin/scenario-sets?id={id}", partial)
                .then()
                .statusCode(201);
        as(Tokens.operator())
                .post("/api/v1/admin/margin/scenario-sets/{id}/activate", partial)
                .then()
                .statusCode(422)
                .body("code", equalTo("SCENARIO_SET_INCOMPLETE"));

        String previous = (String) TestDatabase.single("SELECT id FROM scenario_set WHERE active");
        as(Tokens.operator())
                .post("/api/v1/admin/margin/scenario-sets/{id}/activate", id)
                .then()
                .statusCode(200)
                .body("active", equalTo(true));
        Margins.awaitQuiet();
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM account_margin m JOIN account a ON a.id = m.account_id "
                                + "WHERE a.status <> 'CLOSED' AND m.scenario_set_id <> ?",
                        id))
                .isZero();
        // restore the set the other tests were written against
        as(Tokens.operator())
                .post("/api/v1/admin/margin/scenario-sets/{id}/activate", previous)
                .then()
                .statusCode(200);
        Margins.awaitQuiet();
    }

    @Test
    void shouldExtendTheSyntheticScenarioSetOnceWhenManyRequestsMeetANewUnderlyingAtOnce() throws Exception {
        // XRP has a tier in the default schedule but no history in the synthetic set's base (BTC, ETH, SOL)
        String underlying = "XRP";
        String product = Api.unique("NEW") + "-PERP";
        Margins.usd();
        as(Tokens.operator())
                .body(Map.of("symbol", product, "underlying", underlying, "kind", "PERPETUAL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201);
        Margins.mark(product, "100");
        String member = Api.createMember();
        String account = Api.openAccount(member);
        Api.deposit(account, "USD", "100000");
        String token = Tokens.member(member);

        // twelve what-ifs in the new underlying at once: each finds it missing from the active synthetic set
        int requests = 12;
        ExecutorService pool = Executors.newFixedThreadPool(requests);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> statuses = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            statuses.add(pool.submit(() -> {
                start.await();
                return as(token)
                        .body(Map.of(
                                "account", account, "trades", List.of(Map.of("product", product, "quantity", "2"))))
                        .post("/api/v1/margin/what-if")
                        .then()
                        .extract()
                        .statusCode();
            }));
        }
        start.countDown();
        pool.shutdown();
        for (Future<Integer> status : statuses) {
            assertThat(status.get(2, TimeUnit.MINUTES)).isEqualTo(200);
        }
        assertThat(TestDatabase.count("SELECT count(*) FROM scenario_set WHERE ? = ANY (underlyings)", underlying))
                .isEqualTo(1);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM scenario_set WHERE active AND ? = ANY (underlyings)", underlying))
                .isEqualTo(1);
    }

    @Test
    void shouldListOnlyProductsTheScheduleMarginsAndApproveOnlySchedulesCoveringEveryListedUnderlying() {
        Margins.usd();
        String unknown = Api.unique("Q").toUpperCase();
        as(Tokens.operator())
                .body(Map.of("symbol", Api.unique("UNK") + "-PERP", "underlying", unknown, "kind", "PERPETUAL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(422)
                .body("code", equalTo("UNDERLYING_NOT_IN_SCHEDULE"));
        assertThat(TestDatabase.count("SELECT count(*) FROM product WHERE underlying = ?", unknown))
                .isZero();

        // a draft that drops a listed underlying's tier cannot be approved
        as(Tokens.operator())
                .body(Map.of("symbol", Api.unique("LST") + "-PERP", "underlying", "ETH", "kind", "PERPETUAL"))
                .post("/api/v1/admin/products")
                .then()
                .statusCode(201);
        JsonPath active = as(Tokens.operator())
                .get("/api/v1/margin/schedule")
                .then()
                .extract()
                .jsonPath();
        Map<String, Object> schedule = active.getMap("schedule");
        @SuppressWarnings("unchecked")
        Map<String, Object> tiers = (Map<String, Object>) schedule.get("underlyings");
        tiers.remove("ETH");
        String version = Api.unique("v-");
        as(Tokens.operator("op-carol"))
                .body(Map.of("version", version, "schedule", schedule))
                .post(SCHEDULES)
                .then()
                .statusCode(201);
        as(Tokens.riskOfficer("ro-erin"))
                .body(Map.of())
                .post(SCHEDULES + "/{v}/approve", version)
                .then()
                .statusCode(422)
                .body("code", equalTo("SCHEDULE_INCOMPLETE"));
        as(Tokens.operator()).get(SCHEDULES + "/{v}", version).then().body("status", equalTo("DRAFT"));
        assertThat(as(Tokens.operator())
                        .get("/api/v1/margin/schedule")
                        .then()
                        .extract()
                        .<String>path("version"))
                .isEqualTo(active.getString("version"));
    }
}
