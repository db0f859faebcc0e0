package io.concordia.clearing.console;

import static io.concordia.clearing.support.Api.operator;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.SameSiteAttribute;
import io.concordia.clearing.common.Roles;
import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Eventually;
import io.concordia.clearing.support.Margins;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.TestKafka;
import io.concordia.clearing.support.Trading;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigDecimal;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser (headless Chromium): an operator and a risk officer, each signed in through a
 * one-time link, do the day's work through the pages, and the database shows what the services did and audited.
 */
@QuarkusTest
class ConsoleBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ConsoleBrowser browser;

    @TestHTTPResource("/")
    URL base;

    private final String olga = Api.unique("olga-");
    private final String rita = Api.unique("rita-");

    @BeforeEach
    void startBrowser() {
        if (browser == null) {
            browser = new ConsoleBrowser(base.toString());
        }
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            assertThat(browser.violations)
                    .as("content security policy violations and script errors")
                    .isEmpty();
            browser.close();
            browser = null;
        }
    }

    /** A small book: a perpetual marked at 64,000, a member long 1 BTC against another, both with collateral. */
    private static Trading book() {
        Trading w = new Trading();
        Margins.usd();
        Margins.mark(w.product, "64000");
        Api.deposit(w.accountA, "USD", "1000000");
        Api.deposit(w.accountB, "USD", "1000000");
        trade(w, w.accountA, w.accountB, "64000", "1000");
        return w;
    }

    private static void trade(Trading w, String buyer, String seller, String price, String contracts) {
        BigDecimal before = Trading.position(buyer, w.product);
        BigDecimal expected = (before == null ? BigDecimal.ZERO : before)
                .add(new BigDecimal(contracts).multiply(new BigDecimal("0.001")));
        w.publishTrade(w.venueA, Trading.nextTradeId(), price, contracts, buyer, seller);
        Eventually.until("the trade booked", () -> {
            BigDecimal now = Trading.position(buyer, w.product);
            return now != null && now.compareTo(expected) == 0;
        });
    }

    private static long audits(String actor, String action, String objectCode) {
        return TestDatabase.count(
                "SELECT count(*) FROM audit_log WHERE actor = ? AND action = ? AND object_code = ?",
                actor,
                action,
                objectCode);
    }

    @Test
    void shouldSignInWithAOneTimeLinkIntoALiveOverview() {
        Page page = browser.signIn(olga, Roles.OPERATOR);
        assertThat(page.locator("#who").textContent()).contains(olga);
        Cookie session = page.context().cookies().stream()
                .filter(c -> c.name.equals(ConsoleSessionMechanism.COOKIE))
                .findFirst()
                .orElseThrow();
        assertThat(session.httpOnly).isTrue();
        assertThat(session.sameSite).isEqualTo(SameSiteAttribute.STRICT);
        assertThat(page.url()).doesNotContain("code=");
        // the overview is live: a member created elsewhere shows up without a reload
        long before =
                Long.parseLong(page.locator("#members-count").textContent().trim());
        Api.createMember();
        page.waitForFunction("n => Number(document.querySelector('#members-count').textContent) > n", (double) before);
        assertThat(page.locator("main").textContent())
                .contains("Open margin calls", "Stale or held marks", "Consumer lag");
        ConsoleBrowser.screenshot(page, "overview");
        page.click("text=Sign out");
        page.waitForURL("**/console/sign-in");
        page.navigate("/console");
        assertThat(page.url()).endsWith("/console/sign-in");
        page.context().close();
    }

    @Test
    void shouldDrawAnAccountsMarginChartFromItsHistory() {
        Trading w = book();
        Margins.mark(w.product, "65000");
        Margins.mark(w.product, "63500");
        Margins.awaitQuiet();
        Page page = browser.signIn(olga, Roles.OPERATOR);
        page.navigate("/console/accounts/" + w.accountA);
        Locator chart = page.locator("#margin-chart svg");
        assertThat(chart.getAttribute("aria-label")).contains("IM, MM and equity of " + w.accountA);
        assertThat(page.locator("#margin-chart svg path").count()).isEqualTo(3);
        assertThat(page.locator("#margin-chart svg path").first().getAttribute("d"))
                .contains(" L");
        assertThat(page.locator("#margin-im").textContent().trim())
                .isEqualTo(((BigDecimal) Margins.stored(w.accountA).get("im")).toPlainString());
        assertThat(page.locator("main").textContent()).contains(w.product, "Per-position contributions", "Ledger");
        ConsoleBrowser.screenshot(page, "account");
        page.context().close();
    }

    @Test
    void shouldOverrideAMarkWithAReason() {
        Trading w = book();
        Page page = browser.signIn(olga, Roles.OPERATOR);
        page.navigate("/console/marks");
        Locator form = page.locator("tr[id='" + w.product + "'] form[hx-post$='/override']");
        form.locator("input[name=price]").fill("64123.5");
        form.locator("input[name=reason]").fill("venue outage, price from the desk");
        form.locator("button").click();
        page.waitForFunction(
                "p => document.getElementById(p).querySelector('.mark-price').textContent.trim() === '64123.5'",
                w.product);
        assertThat(TestDatabase.decimal(
                        "SELECT m.price FROM mark m JOIN product p ON p.id = m.product_id WHERE p.symbol = ?",
                        w.product))
                .isEqualByComparingTo("64123.5");
        assertThat(audits(olga, "OVERRIDE_MARK", w.product)).isOne();
        ConsoleBrowser.screenshot(page, "marks");
        // a refused override shows the API's problem instead of failing silently
        form = page.locator("tr[id='" + w.product + "'] form[hx-post$='/override']");
        form.locator("input[name=price]").fill("NaN");
        form.locator("input[name=reason]").fill("typo");
        form.locator("button").click();
        page.locator("#flash").waitFor();
        assertThat(page.locator("#flash").textContent()).contains("INVALID_VALUE");
        page.context().close();
    }

    @Test
    void shouldReplayADeadLetterOnceItsAccountExists() {
        Trading w = book();
        String missing = Api.unique("DL");
        String tradeId = Trading.nextTradeId();
        TestKafka.send("trades." + w.venueA, tradeId, w.trade(w.venueA, tradeId, "64000", "500", missing, w.accountB));
        Eventually.until(
                "the dead letter",
                () -> TestDatabase.count("SELECT count(*) FROM dead_letter WHERE record_key = ?", tradeId) == 1);
        long id =
                ((Number) TestDatabase.single("SELECT id FROM dead_letter WHERE record_key = ?", tradeId)).longValue();
        operator()
                .body(Map.of("code", missing, "mode", "CROSS", "type", "HOUSE"))
                .post("/api/v1/admin/members/{m}/accounts", w.memberA)
                .then()
                .statusCode(201);
        Page page = browser.signIn(olga, Roles.OPERATOR);
        page.navigate("/console/dead-letters");
        page.click("a[href='/console/dead-letters/" + id + "']");
        assertThat(page.locator("main").textContent()).contains("UNKNOWN_ACCOUNT", tradeId);
        ConsoleBrowser.screenshot(page, "dead-letter");
        page.click("#replay");
        page.waitForFunction("() => document.getElementById('dead-letter-status').textContent === 'REPLAYED'");
        assertThat(Trading.position(missing, w.product)).isEqualByComparingTo("0.5");
        assertThat(audits(olga, "REPLAY_DEAD_LETTER", String.valueOf(id))).isOne();
        page.context().close();
    }

    @Test
    void shouldDraftAScheduleByOnePersonAndApproveItByAnother() throws Exception {
        String version = Api.unique("console-");
        Page drafter = browser.signIn(olga, Roles.OPERATOR);
        drafter.navigate("/console/schedules");
        Locator body = drafter.locator("#draft-schedule textarea[name=schedule]");
        ObjectNode schedule = (ObjectNode) JSON.readTree(body.inputValue());
        // a tier for an underlying nobody holds: approved at once, the schedule margins every other test's
        // positions exactly as before, and no approved version is left waiting to refuse later listings
        String underlying = Api.unique("CON").toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "");
        ObjectNode tiers = (ObjectNode) schedule.path("underlyings");
        tiers.set(underlying, tiers.path("BTC").deepCopy());
        drafter.fill("#draft-schedule input[name=version]", version);
        drafter.fill("#draft-schedule input[name=note]", "a tighter confidence, for review");
        body.fill(JSON.writeValueAsString(schedule));
        drafter.click("#draft-schedule button[type=submit]");
        drafter.waitForURL("**/console/schedules/" + version);
        assertThat(drafter.locator("#schedule-status").textContent()).isEqualTo("DRAFT");
        assertThat(drafter.locator("#diff").textContent()).contains(underlying);
        assertThat(drafter.locator("#approve").count())
                .as("an operator has no approve button")
                .isZero();
        ConsoleBrowser.screenshot(drafter, "schedule-draft");

        Page approver = browser.signIn(rita, Roles.RISK_OFFICER);
        approver.navigate("/console/schedules");
        assertThat(approver.locator("#draft-schedule").count())
                .as("a risk officer does not draft")
                .isZero();
        approver.navigate("/console/schedules/" + version);
        approver.click("#approve");
        approver.waitForFunction("() => document.getElementById('schedule-status').textContent === 'ACTIVE'");
        assertThat(TestDatabase.single("SELECT decided_by FROM margin_schedule WHERE version = ?", version))
                .isEqualTo(rita);
        assertThat(audits(olga, "DRAFT_SCHEDULE", version)).isOne();
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE actor = ? AND object_code = ? AND action LIKE 'APPROVE%'",
                        rita, version))
                .isOne();
        drafter.navigate(
                "/console/schedules/diff?from=" + schedule.path("version").asText() + "&to=" + version);
        assertThat(drafter.locator("#diff").textContent()).contains(underlying);
        // the active scenario set's returns, one line per underlying
        drafter.navigate("/console/schedules");
        drafter.click("tr:has(.tag.good) a[href^='/console/scenario-sets/']");
        assertThat(drafter.locator("#returns-chart svg path").count()).isGreaterThanOrEqualTo(1);
        ConsoleBrowser.screenshot(drafter, "scenario-set");
        drafter.context().close();
        approver.context().close();
    }

    @Test
    void shouldRunASettlementCycleAndSettleAnInstruction() {
        Trading w = book();
        Margins.mark(w.product, "64500");
        Page page = browser.signIn(olga, Roles.OPERATOR);
        page.navigate("/console/settlement");
        page.fill("input[name=reason]", "intraday cycle from the console");
        page.click("#run-cycle");
        page.waitForURL("**/console/settlement/cycles/*");
        page.waitForFunction("() => document.getElementById('cycle-status').textContent === 'PUBLISHED'");
        assertThat(page.locator("#cycle-steps").getAttribute("value")).isEqualTo("3");
        Locator row = page.locator("#instructions tr", new Page.LocatorOptions().setHasText(w.memberA));
        assertThat(row.textContent()).contains("RECEIVE", "PENDING");
        row.locator("input[name=reference]").fill("CUST-console-1");
        row.locator("button:has-text('Settle')").click();
        page.waitForFunction(
                "m => [...document.querySelectorAll('#instructions tr')].some(r => r.textContent.includes(m) && r.textContent.includes('SETTLED'))",
                w.memberA);
        ConsoleBrowser.screenshot(page, "settlement-cycle");
        page.click("a:has-text('" + w.memberA + "')");
        assertThat(page.locator("main").textContent()).contains(w.accountA, w.product);
        page.context().close();
    }

    @Test
    void shouldShowAMarginRunsProgressToTheEnd() {
        Page page = browser.signIn(olga, Roles.OPERATOR);
        page.navigate("/console/margin-runs");
        page.click("#start-run");
        page.waitForURL("**/console/margin-runs/*");
        assertThat(page.locator("#run-bar").count()).isOne();
        page.waitForFunction("() => document.getElementById('run-state').textContent.startsWith('finished')");
        assertThat(page.locator("#run-bar").getAttribute("value"))
                .isEqualTo(page.locator("#run-bar").getAttribute("max"));
        ConsoleBrowser.screenshot(page, "margin-run");
        page.context().close();
    }

    @Test
    void shouldWalkADefaultCaseToItsReport() {
        Trading w = new Trading();
        String defaulter = Api.createMember();
        String house = Api.openAccount(defaulter);
        Margins.usd();
        Margins.mark(w.product, "64000");
        Api.deposit(w.accountA, "USD", "1000000");
        Api.deposit(house, "USD", "5000");
        trade(w, house, w.accountA, "64000", "1000");
        operator()
                .body(Map.of("amount", "2000", "reference", Api.unique("wire ")))
                .put("/api/v1/admin/default-fund/members/{m}", defaulter)
                .then()
                .statusCode(200);

        Page op = browser.signIn(olga, Roles.OPERATOR);
        op.navigate("/console/defaults");
        op.selectOption("#propose-default select[name=member]", defaulter);
        op.fill("#propose-default input[name=reason]", "settlement payment failed");
        op.click("#propose-default button[type=submit]");
        op.waitForURL("**/console/defaults/*");
        long id = Long.parseLong(op.url().substring(op.url().lastIndexOf('/') + 1));
        assertThat(op.locator("#case-status").textContent()).isEqualTo("PROPOSED");
        assertThat(op.locator("#declare").count())
                .as("the proposer cannot declare")
                .isZero();

        Page ro = browser.signIn(rita, Roles.RISK_OFFICER);
        ro.navigate("/console/defaults/" + id);
        ro.fill("input[name=note]", "confirmed with the member's treasury");
        ro.click("#declare");
        ro.waitForFunction("() => document.getElementById('case-status').textContent === 'DECLARED'");
        ConsoleBrowser.screenshot(ro, "default-declared");

        op.navigate("/console/defaults/" + id);
        op.fill("#close-out input[name='price." + w.product + "']", "58000");
        op.click("#close-out button[type=submit]");
        op.waitForFunction("() => document.getElementById('case-status').textContent === 'CLOSED_OUT'");
        op.navigate("/console/settlement");
        op.click("#run-cycle");
        op.waitForURL("**/console/settlement/cycles/*");
        op.navigate("/console/defaults/" + id);
        op.click("#waterfall");
        op.waitForURL("**/console/defaults/" + id + "/report");
        assertThat(op.locator("#waterfall-chart svg rect").count()).isGreaterThanOrEqualTo(2);
        assertThat(op.locator("#waterfall-chart").textContent()).contains("DEFAULTER_MARGIN");
        op.navigate("/console/defaults/" + id);
        op.click("#close-case");
        op.waitForURL("**/console/defaults/" + id + "/report");
        assertThat(op.locator("#report-status").textContent()).isEqualTo("CLOSED");
        assertThat(op.locator("#report-summary").textContent()).isNotBlank();
        ConsoleBrowser.screenshot(op, "default-report");
        assertThat(TestDatabase.single("SELECT status FROM default_case WHERE id = ?", id))
                .isEqualTo("CLOSED");
        assertThat(TestDatabase.single("SELECT decided_by FROM default_case WHERE id = ?", id))
                .isEqualTo(rita);

        op.navigate("/console/audit?objectType=default-case&actor=" + olga);
        assertThat(op.locator("#audit").textContent())
                .contains("PROPOSE_DEFAULT", "CLOSE_OUT", "APPLY_WATERFALL", "CLOSE_DEFAULT");
        assertThat(op.locator("#audit tr td:nth-child(2)").allTextContents())
                .isNotEmpty()
                .containsOnly(olga);
        ConsoleBrowser.screenshot(op, "audit");
        op.context().close();
        ro.context().close();
    }

    @Test
    void shouldCloseOutADefaultByAuctionWithBidsAwardedByTwoPersons() {
        Trading w = new Trading();
        String defaulter = Api.createMember();
        String house = Api.openAccount(defaulter);
        Margins.usd();
        Margins.mark(w.product, "64000");
        Api.deposit(w.accountA, "USD", "1000000");
        Api.deposit(w.accountB, "USD", "1000000");
        Api.deposit(house, "USD", "5000");
        trade(w, house, w.accountA, "64000", "1000");
        long id = Api.as(io.concordia.clearing.support.Tokens.operator(olga))
                .body(Map.of("member", defaulter, "reason", "missed a call"))
                .post("/api/v1/admin/defaults")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getLong("id");
        Api.as(io.concordia.clearing.support.Tokens.riskOfficer(rita))
                .body(Map.of())
                .post("/api/v1/admin/defaults/{id}/approve", id)
                .then()
                .statusCode(200);

        Page op = browser.signIn(olga, Roles.OPERATOR);
        op.navigate("/console/defaults/" + id);
        Instant deadline = Instant.now().plusSeconds(4).truncatedTo(ChronoUnit.SECONDS);
        op.fill("input[name=deadline]", deadline.toString());
        op.click("button:has-text('Open auctions')");
        op.locator(".auction").waitFor();
        long auction = Long.parseLong(op.locator(".auction").getAttribute("id").substring("auction-".length()));
        for (String[] bid : new String[][] {{w.memberA, w.accountA, "62500"}, {w.memberB, w.accountB, "63100"}}) {
            Api.as(io.concordia.clearing.support.Tokens.member(bid[0]))
                    .body(Map.of("account", bid[1], "price", bid[2]))
                    .post("/api/v1/auctions/{id}/bids", auction)
                    .then()
                    .statusCode(201);
        }
        Eventually.until("the deadline passed", () -> Instant.now().isAfter(deadline.plusMillis(300)));
        op.reload();
        assertThat(op.locator(".bids").textContent()).contains(w.memberA, "62500", w.memberB, "63100");
        op.click(".award");
        op.waitForFunction("() => document.querySelector('.auction-status').textContent === 'AWARD_PROPOSED'");
        assertThat(op.locator(".approve-award").count())
                .as("the operator who proposed cannot approve")
                .isZero();

        Page ro = browser.signIn(rita, Roles.RISK_OFFICER);
        ro.navigate("/console/defaults/" + id);
        ro.click(".approve-award");
        ro.waitForFunction("() => document.querySelector('.auction-status').textContent === 'AWARDED'");
        assertThat(ro.locator("#case-status").textContent()).isEqualTo("CLOSED_OUT");
        assertThat(Trading.position(w.accountB, w.product)).isEqualByComparingTo("1");
        ConsoleBrowser.screenshot(ro, "default-auction");
        op.context().close();
        ro.context().close();
    }

    @Test
    void shouldKeepEveryPageUsableOnAPhone() {
        Trading w = book();
        Page page = browser.signIn(olga, Roles.OPERATOR, 390, 844);
        for (String path : new String[] {
            "/console",
            "/console/members",
            "/console/members/" + w.memberA,
            "/console/accounts/" + w.accountA,
            "/console/marks",
            "/console/dead-letters",
            "/console/schedules",
            "/console/settlement",
            "/console/margin-runs",
            "/console/defaults",
            "/console/audit"
        }) {
            page.navigate(path);
            Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
            assertThat(((Number) overflow).intValue())
                    .as("horizontal overflow of " + path)
                    .isLessThanOrEqualTo(0);
        }
        page.navigate("/console/accounts/" + w.accountA);
        ConsoleBrowser.screenshot(page, "account-phone");
        page.context().close();
    }
}
