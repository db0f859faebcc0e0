package io.concordia.clearing.margin;

import static io.concordia.clearing.support.Api.as;
import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Tokens;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Over a seeded random sequence of listings, schedule versions approved now or for later, versions coming due and
 * trades, checked against a model of what the rules allow: every listing and approval is answered as the model
 * predicts, the active schedule gives every listed underlying a tier at every step, no due version is ever held, and
 * every account of the sequence holding a position is margined under the active schedule by the model itself, never
 * at full notional and never skipped.
 */
@QuarkusTest
class MarginCoveragePropertyTest {

    private static final String SCHEDULES = "/api/v1/admin/margin/schedules";
    private static final int STEPS = 60;
    private static final long SEED = 20261205L;

    private final SplittableRandom random = new SplittableRandom(SEED);
    private final List<String> pool = new ArrayList<>();
    private final Map<String, Object> baseTiers = new HashMap<>();
    private Object tier;
    private Map<String, Object> template;
    private String active;
    private final Map<String, TreeSet<String>> tiersOf = new HashMap<>();
    /** Approved versions waiting for their effective time, in approval order. */
    private final List<String> pending = new ArrayList<>();
    /** Products this sequence listed, with their underlying. */
    private final Map<String, String> listed = new LinkedHashMap<>();

    private final TreeSet<String> listedUnderlyings = new TreeSet<>();

    @Test
    void shouldKeepEveryOpenPositionMarginedUnderTheModelThroughListingsApprovalsAndActivations() {
        Margins.usd();
        Trading world = new Trading();
        Api.deposit(world.accountA, "USD", "10000000");
        Api.deposit(world.accountB, "USD", "10000000");
        start();
        int listings = 0;
        int refusedListings = 0;
        int refusedApprovals = 0;
        int activations = 0;
        int trades = 0;
        for (int step = 0; step < STEPS; step++) {
            int action = random.nextInt(10);
            String context = "step " + step;
            if (action < 3) {
                String underlying = pool.get(random.nextInt(pool.size()));
                boolean allowed = listable(underlying);
                String product = underlying + "-PERP-" + step;
                Response r = as(Tokens.operator())
                        .body(Map.of("symbol", product, "underlying", underlying, "kind", "PERPETUAL"))
                        .post("/api/v1/admin/products");
                assertThat(r.statusCode())
                        .as("%s: listing %s", context, underlying)
                        .isEqualTo(allowed ? 201 : 422);
                if (allowed) {
                    listings++;
                    listed.put(product, underlying);
                    listedUnderlyings.add(underlying);
                    as(Tokens.operator())
                            .body(Map.of("symbol", product, "product", product, "contractSize", "1"))
                            .post("/api/v1/admin/venues/{v}/instruments", world.venueA)
                            .then()
                            .statusCode(201);
                } else {
                    refusedListings++;
                    assertThat(r.jsonPath().getString("code")).isEqualTo("UNDERLYING_NOT_IN_SCHEDULE");
                }
            } else if (action < 6) {
                boolean later = random.nextBoolean();
                TreeSet<String> tiers = randomTiers();
                boolean allowed = tiers.containsAll(listedUnderlyings);
                String version = approve(tiers, later, allowed ? 200 : 422);
                if (!allowed) {
                    refusedApprovals++;
                } else if (later) {
                    pending.add(version);
                } else {
                    active = version;
                    activations++;
                }
            } else if (action < 8 && !pending.isEmpty()) {
                String due = pending.remove(random.nextInt(pending.size()));
                TestDatabase.execute(
                        "UPDATE margin_schedule SET effective_at = now() - interval '1 second' WHERE version = '" + due
                                + "'");
                Eventually.until(context + ": " + due + " active", () -> due.equals(activeVersion()));
                active = due;
                activations++;
            } else if (!listed.isEmpty()) {
                List<String> products = new ArrayList<>(listed.keySet());
                String product = products.get(random.nextInt(products.size()));
                String tradeId = Trading.nextTradeId();
                String quantity = String.valueOf(1 + random.nextInt(50));
                boolean aBuys = random.nextBoolean();
                TestKafka.send(
                        "trades." + world.venueA,
                        tradeId,
                        Trading.trade(
                                world.venueA,
                                tradeId,
                                product,
                                "100",
                                quantity,
                                aBuys ? world.accountA : world.accountB,
                                aBuys ? world.accountB : world.accountA,
                                Instant.now().toString()));
                Eventually.until(context + ": trade " + tradeId, () -> Trading.inboxCount(world.venueA, tradeId) == 1);
                trades++;
            }
            checkInvariants(context, world);
        }
        System.out.printf(
                "coverage sequence: %d listings, %d refused, %d approvals refused, %d activations, %d trades%n",
                listings, refusedListings, refusedApprovals, activations, trades);
        assertThat(listings).as("listings").isPositive();
        assertThat(refusedListings).as("refused listings").isPositive();
        assertThat(refusedApprovals + activations).as("approvals decided").isPositive();
        assertThat(trades).as("trades").isPositive();
        // leave no version waiting: the other tests list underlyings the waiting versions never heard of
        for (String due : pending) {
            TestDatabase.execute(
                    "UPDATE margin_schedule SET effective_at = now() - interval '1 second' WHERE version = '" + due
                            + "'");
        }
        Eventually.until(
                "no version waiting",
                () -> TestDatabase.count("SELECT count(*) FROM margin_schedule WHERE status = 'APPROVED'") == 0);
        Margins.awaitQuiet();
    }

    private void start() {
        JsonPath schedule = as(Tokens.operator())
                .get("/api/v1/margin/schedule")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        active = schedule.getString("version");
        template = schedule.getMap("schedule");
        @SuppressWarnings("unchecked")
        Map<String, Object> tiers = (Map<String, Object>) template.get("underlyings");
        baseTiers.putAll(tiers);
        tier = tiers.get("BTC");
        tiersOf.put(active, new TreeSet<>(tiers.keySet()));
        String tag = Api.unique("").toUpperCase().replaceAll("[^A-Z0-9]", "");
        for (int i = 0; i < 4; i++) {
            pool.add("PC" + i + tag);
        }
        // versions other tests approved for later wait too, and constrain listings like this sequence's
        try (var c = TestDatabase.connect();
                var rs = c.createStatement()
                        .executeQuery(
                                "SELECT version, (SELECT array_agg(k) FROM jsonb_object_keys(body -> 'underlyings') k) FROM margin_schedule "
                                        + "WHERE status = 'APPROVED' ORDER BY version")) {
            while (rs.next()) {
                pending.add(rs.getString(1));
                tiersOf.put(rs.getString(1), new TreeSet<>(List.of((String[])
                        rs.getArray(2).getArray())));
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the rules allow: a tier in the active version and in every version waiting for its effective time. */
    private boolean listable(String underlying) {
        if (!tiersOf.get(active).contains(underlying)) {
            return false;
        }
        for (String p : pending) {
            if (!tiersOf.get(p).contains(underlying)) {
                return false;
            }
        }
        return true;
    }

    /** The underlyings of the schedule at the start, and a random part of the pool. */
    private TreeSet<String> randomTiers() {
        TreeSet<String> tiers = new TreeSet<>(baseTiers.keySet());
        for (String u : pool) {
            if (random.nextBoolean()) {
                tiers.add(u);
            }
        }
        return tiers;
    }

    private String approve(TreeSet<String> underlyings, boolean later, int expectedStatus) {
        Map<String, Object> schedule = new HashMap<>(template);
        Map<String, Object> tiers = new HashMap<>(baseTiers);
        for (String u : underlyings) {
            tiers.putIfAbsent(u, tier);
        }
        schedule.put("underlyings", tiers);
        String version = Api.unique("prop-");
        as(Tokens.operator("op-carol"))
                .body(Map.of("version", version, "schedule", schedule))
                .post(SCHEDULES)
                .then()
                .statusCode(201);
        Map<String, Object> body = later
                ? Map.of("effectiveAt", Instant.now().plus(Duration.ofHours(1)).toString())
                : Map.of();
        Response r = as(Tokens.riskOfficer("ro-erin")).body(body).post(SCHEDULES + "/{v}/approve", version);
        assertThat(r.statusCode())
                .as("approving %s (later: %s)", underlyings, later)
                .isEqualTo(expectedStatus);
        if (expectedStatus != 200) {
            assertThat(r.jsonPath().getString("code")).isEqualTo("SCHEDULE_INCOMPLETE");
        }
        tiersOf.put(version, underlyings);
        return version;
    }

    private void checkInvariants(String context, Trading world) {
        assertThat(activeVersion()).as("%s: the active version", context).isEqualTo(active);
        assertThat(
                        TestDatabase.count(
                                "SELECT count(*) FROM outbox WHERE type = 'SCHEDULE_ACTIVATION_HELD' AND event_key LIKE 'prop-%'"))
                .as("%s: no due version held", context)
                .isZero();
        // every listed underlying, this sequence's or any other's, has a tier in the active version
        assertThat(TestDatabase.count("""
                SELECT count(*) FROM product p WHERE NOT EXISTS (SELECT 1 FROM margin_schedule s WHERE s.status = 'ACTIVE'
                   AND jsonb_exists(s.body -> 'underlyings', p.underlying))"""))
                .as("%s: listed underlyings without a tier", context)
                .isZero();
        Margins.awaitQuiet();
        for (String account : List.of(world.accountA, world.accountB)) {
            if (TestDatabase.count(
                            "SELECT count(*) FROM position p JOIN account a ON a.id = p.account_id WHERE a.code = ? "
                                    + "AND p.quantity <> 0",
                            account)
                    == 0) {
                continue;
            }
            Eventually.until(
                    context + ": " + account + " margined under " + active,
                    () -> active.equals(TestDatabase.single(
                            "SELECT m.schedule_version FROM account_margin m JOIN account a ON a.id = m.account_id WHERE a.code = ?",
                            account)));
            assertThat(TestDatabase.single(
                            "SELECT m.binding FROM account_margin m JOIN account a ON a.id = m.account_id "
                                    + "WHERE a.code = ?",
                            account))
                    .as("%s: %s margined by the model", context, account)
                    .isNotEqualTo("FULL_NOTIONAL");
        }
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
