package io.concordia.clearing.default_;

import static io.concordia.clearing.default_.DefaultFixtures.assertInvariants;
import static io.concordia.clearing.default_.DefaultFixtures.balance;
import static io.concordia.clearing.default_.DefaultFixtures.collateral;
import static io.concordia.clearing.default_.DefaultFixtures.fund;
import static io.concordia.clearing.default_.DefaultFixtures.member;
import static io.concordia.clearing.default_.DefaultFixtures.proposer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The waterfall with the loss stopping at each layer in turn. A defaulter long 1 BTC bought at 64,000 (marked there)
 * with 5,000 of collateral and a 2,000 contribution; the CCP's skin in the game is 4,000; two survivors contribute 3,000
 * and 1,000; assessments are capped at twice the contribution (6,000 and 2,000). The close-out price sets the loss.
 */
@QuarkusTest
class DefaultWaterfallTest {

    @ParameterizedTest(name = "close-out at {0}, costs {1}: stops at {8}")
    @CsvSource({
        // price, costs, margin, own fund, skin, mutual fund, assessments, uncovered, stopped at, s1 fund, s2 fund, s1 assessed, s2 assessed
        "61000, 0,    3000.00, 0.00,    0.00,    0.00,    0.00,    0.00,    DEFAULTER_MARGIN,       0.00,    0.00,    0.00,    0.00",
        "58250, 250,  5000.00, 1000.00, 0.00,    0.00,    0.00,    0.00,    DEFAULTER_CONTRIBUTION, 0.00,    0.00,    0.00,    0.00",
        "54000, 0,    5000.00, 2000.00, 3000.00, 0.00,    0.00,    0.00,    SKIN_IN_THE_GAME,       0.00,    0.00,    0.00,    0.00",
        "51000, 0,    5000.00, 2000.00, 4000.00, 2000.00, 0.00,    0.00,    MUTUAL_FUND,            1500.00, 500.00,  0.00,    0.00",
        "45000, 0,    5000.00, 2000.00, 4000.00, 4000.00, 4000.00, 0.00,    ASSESSMENTS,            3000.00, 1000.00, 3000.00, 1000.00",
        "34000, 0,    5000.00, 2000.00, 4000.00, 4000.00, 8000.00, 7000.00, UNCOVERED,              3000.00, 1000.00, 6000.00, 2000.00",
        // a loss of 18,999.985 rounds up to 18,999.99; 3,999.99 of assessments split 3:1 by largest remainder
        "45000.015, 0, 5000.00, 2000.00, 4000.00, 4000.00, 3999.99, 0.00, ASSESSMENTS,            3000.00, 1000.00, 2999.99, 1000.00"})
    void shouldStopTheLossAtTheLayerThatCoversIt(String price, String costs, String margin, String ownFund, String skin,
            String mutual, String assessments, String uncovered, String stoppedAt, String s1Fund, String s2Fund, String s1Assessed,
            String s2Assessed) {
        World x = new World();
        BigDecimal lossBefore = balance("CCP:DEFAULT-LOSS", "USD");
        BigDecimal uncoveredBefore = balance("CCP:UNCOVERED-LOSS", "USD");
        long id = DefaultFixtures.declare(x.defaulter, null);
        proposer().body(Map.of("prices", Map.of(x.w.product, price))).post("/api/v1/admin/defaults/{id}/close-out", id).then()
                .statusCode(200).body("status", equalTo("CLOSED_OUT"));
        assertInvariants();
        proposer().body(Map.of("costs", costs)).post("/api/v1/admin/defaults/{id}/waterfall", id).then().statusCode(200);
        assertInvariants();

        JsonPath w = proposer().get("/api/v1/admin/defaults/{id}/report", id).then().statusCode(200).extract().jsonPath();
        assertThat(w.getList("waterfall.layers.layer")).containsExactly("DEFAULTER_MARGIN", "DEFAULTER_CONTRIBUTION",
                "SKIN_IN_THE_GAME", "MUTUAL_FUND", "ASSESSMENTS");
        assertThat(w.getList("waterfall.layers.used")).containsExactly(margin, ownFund, skin, mutual, assessments);
        assertThat(w.getString("waterfall.uncovered")).isEqualTo(uncovered);
        assertThat(w.getString("waterfall.stoppedAt")).isEqualTo(stoppedAt);
        BigDecimal loss = new BigDecimal(w.getString("loss.loss"));
        assertThat(new BigDecimal(w.getString("waterfall.covered")).add(new BigDecimal(uncovered))).isEqualByComparingTo(loss);

        // every layer's use is in the ledger
        assertThat(collateral(x.house)).isEqualByComparingTo(new BigDecimal("5000").subtract(new BigDecimal(margin)));
        assertThat(fund(x.defaulter)).isEqualByComparingTo(new BigDecimal("2000").subtract(new BigDecimal(ownFund)));
        assertThat(balance("CCP:SKIN-IN-THE-GAME", "USD")).isEqualByComparingTo(new BigDecimal("4000").subtract(new BigDecimal(skin)));
        assertThat(fund(x.s1)).isEqualByComparingTo(new BigDecimal("3000").subtract(new BigDecimal(s1Fund)));
        assertThat(fund(x.s2)).isEqualByComparingTo(new BigDecimal("1000").subtract(new BigDecimal(s2Fund)));
        assertThat(balance("MEM:" + x.s1 + ":ASSESSMENT", "USD")).isEqualByComparingTo(new BigDecimal(s1Assessed).negate());
        assertThat(balance("MEM:" + x.s2 + ":ASSESSMENT", "USD")).isEqualByComparingTo(new BigDecimal(s2Assessed).negate());
        assertThat(balance("CCP:DEFAULT-LOSS", "USD").subtract(lossBefore)).isEqualByComparingTo(loss);
        assertThat(balance("CCP:UNCOVERED-LOSS", "USD").subtract(uncoveredBefore)).isEqualByComparingTo(new BigDecimal(uncovered).negate());
        long layersUsed = List.of(margin, ownFund, skin, mutual, assessments).stream().filter(u -> new BigDecimal(u).signum() > 0).count();
        assertThat(TestDatabase.count("SELECT count(*) FROM journal_entry WHERE reference LIKE ? AND kind LIKE 'WATERFALL_%'",
                "default:" + id + ":%")).isEqualTo(layersUsed + (new BigDecimal(uncovered).signum() > 0 ? 1 : 0));

        // each survivor sees its own charge
        for (String[] s : new String[][] {{x.s1, s1Fund, s1Assessed}, {x.s2, s2Fund, s2Assessed}}) {
            List<Map<String, Object>> charges = member(s[0]).get("/api/v1/default-charges").then().statusCode(200).extract()
                    .jsonPath().getList("findAll { it.caseId == " + id + " }");
            if (new BigDecimal(s[1]).add(new BigDecimal(s[2])).signum() == 0) {
                assertThat(charges).isEmpty();
            } else {
                assertThat(charges).singleElement().satisfies(c -> {
                    assertThat(c.get("defaultFund")).isEqualTo(s[1]);
                    assertThat(c.get("assessment")).isEqualTo(s[2]);
                });
            }
        }
        proposer().post("/api/v1/admin/defaults/{id}/close", id).then().statusCode(200);
        assertThat(proposer().accept("text/plain").get("/api/v1/admin/defaults/{id}/report", id).then().statusCode(200)
                .extract().asString()).contains("stopped at " + stoppedAt);
        assertThat(TestDatabase.decimal("""
                SELECT coalesce(sum(p.realized_pnl), 0) FROM position p JOIN account a ON a.id = p.account_id WHERE a.code = ?""",
                x.house)).as("the defaulter's result is settled").isZero();
        assertInvariants();
    }

    @ParameterizedTest(name = "close-out at {0}, costs {1}: surplus {2}")
    @CsvSource({"66000, 500, 1500.00", "64000.009, 0, 0.00"})
    void shouldCreditASurplusToTheDefaulterAndUseNoLayer(String price, String costs, String surplus) {
        World x = new World();
        BigDecimal lossBefore = balance("CCP:DEFAULT-LOSS", "USD");
        long id = DefaultFixtures.declare(x.defaulter, null);
        proposer().body(Map.of("prices", Map.of(x.w.product, price))).post("/api/v1/admin/defaults/{id}/close-out", id).then()
                .statusCode(200);
        proposer().body(Map.of("costs", costs)).post("/api/v1/admin/defaults/{id}/waterfall", id).then().statusCode(200);
        JsonPath w = proposer().get("/api/v1/admin/defaults/{id}/report", id).then().extract().jsonPath();
        assertThat(w.getString("loss.loss")).isEqualTo("0.00");
        assertThat(w.getString("loss.surplus")).isEqualTo(surplus);
        assertThat(w.getList("waterfall.layers.used")).containsOnly("0.00");
        assertThat(collateral(x.house)).isEqualByComparingTo(new BigDecimal("5000").add(new BigDecimal(surplus)));
        assertThat(w.getString("defaulterCollateral[0].quantity")).isEqualTo(new BigDecimal("5000.00").add(new BigDecimal(surplus))
                .toPlainString());
        assertThat(fund(x.s1)).isEqualByComparingTo("3000");
        assertThat(balance("CCP:DEFAULT-LOSS", "USD").subtract(lossBefore)).isEqualByComparingTo(new BigDecimal(surplus).negate());
        assertInvariants();
    }

    /** A defaulter long 1 BTC at 64,000 against survivor S1, with the fund as the class comment says. */
    static final class World {
        final Trading w = new Trading();
        final String s1 = w.memberA;
        final String s2 = w.memberB;
        final String defaulter = Api.createMember();
        final String house = Api.openAccount(defaulter);

        World() {
            Margins.usd();
            Margins.mark(w.product, "64000");
            Api.deposit(w.accountA, "USD", "1000000");
            Api.deposit(house, "USD", "5000");
            DefaultFixtures.trade(w, house, w.accountA, "64000", "1000");
            DefaultFixtures.onlyContributors(Map.of(defaulter, "2000", s1, "3000", s2, "1000"), "4000");
        }
    }
}
