package io.concordia.clearing.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.filter.cookie.CookieFilter;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Single sign-on through an identity provider outside Concordia, over the real authorization code flow: the provider's
 * groups become console roles in the same session a one-time link opens, a person in no console group is refused and
 * audited, the provider's tokens and session end where the console's session begins, and the API still takes only its
 * own bearer tokens.
 */
@QuarkusTest
@TestProfile(ConsoleOidcSignInTest.WithIdentityProvider.class)
class ConsoleOidcSignInTest {

    public static final class WithIdentityProvider implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("concordia.console.oidc.enabled", "true", "concordia.console.oidc.provider-name", "Acme SSO");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(FakeIdentityProvider.class));
        }
    }

    private static final Pattern CSRF = Pattern.compile("X-CSRF-Token&quot;:&quot;([A-Za-z0-9_-]+)&quot;");

    /** What the console answers once the provider has authenticated a person and sent the browser back. */
    private record Landing(Response response, String consoleCookie, String providerSession) {}

    private static final String PROVIDER_SESSION_COOKIE = "q_session_console-idp";

    /** A browser's round trip: the console sends it to the provider, the person logs in, the provider sends it back. */
    private static Landing signInThroughProvider(String login, String groups) {
        CookieFilter browser = new CookieFilter();
        Response start = given().filter(browser).redirects().follow(false).get("/console/sign-in/oidc");
        start.then().statusCode(302);
        String authorize = start.getHeader("Location");
        assertThat(authorize)
                .contains("/realms/concordia/authorize?")
                .contains("client_id=" + FakeIdentityProvider.CLIENT_ID)
                .contains("response_type=code");
        Response back = given().urlEncodingEnabled(false)
                .redirects()
                .follow(false)
                .get(authorize + "&login=" + login + "&groups=" + groups);
        back.then().statusCode(302);
        String callback = back.getHeader("Location");
        assertThat(callback).contains("/console/sign-in/oidc?code=");
        Response exchanged = given().filter(browser)
                .urlEncodingEnabled(false)
                .redirects()
                .follow(false)
                .get(callback);
        exchanged.then().statusCode(302);
        // the code is spent and gone from the address the person sees next
        assertThat(exchanged.getHeader("Location")).endsWith("/console/sign-in/oidc");
        Response landed = given().filter(browser).redirects().follow(false).get("/console/sign-in/oidc");
        // the provider's session cookie has done its work either way: it is dropped
        assertThat(landed.getHeaders().getValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie)
                        .startsWith(PROVIDER_SESSION_COOKIE + "=")
                        .containsIgnoringCase("Max-Age=0"));
        return new Landing(
                landed, landed.getCookie(ConsoleSessionMechanism.COOKIE), exchanged.getCookie(PROVIDER_SESSION_COOKIE));
    }

    private static ConsoleSignIn.Session session(String cookie, String expectedName) {
        String page = given().redirects()
                .follow(false)
                .cookie(ConsoleSessionMechanism.COOKIE, cookie)
                .get("/console")
                .then()
                .statusCode(200)
                .body(containsString(expectedName))
                .extract()
                .asString();
        Matcher csrf = CSRF.matcher(page);
        assertThat(csrf.find()).as("a form token on the overview page").isTrue();
        return new ConsoleSignIn.Session(cookie, csrf.group(1));
    }

    @Test
    void shouldSignAnOperatorGroupMemberInToTheSameSessionALinkOpens() {
        String olga = Api.unique("olga-");
        Landing landing = signInThroughProvider(olga, "staff,concordia-operators");

        landing.response()
                .then()
                .statusCode(303)
                .header("Location", containsString("/console"))
                .header("Location", not(containsString("code=")));
        assertThat(landing.response().getHeaders().getValues("Set-Cookie"))
                .anySatisfy(cookie -> assertThat(cookie)
                        .startsWith(ConsoleSessionMechanism.COOKIE + "=")
                        .contains("HttpOnly")
                        .containsIgnoringCase("SameSite=Strict"));
        ConsoleSignIn.Session session = session(landing.consoleCookie(), olga);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM console_session WHERE session_hash = ? AND subject = ? AND roles = 'operator' "
                                + "AND via = 'OIDC' AND issued_by IS NULL",
                        ConsoleSessions.sha256(session.cookie()),
                        olga))
                .isOne();
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE actor = ? AND action = 'CONSOLE_SIGN_IN'", olga))
                .isOne();

        // an operator's page and action, with the form token, as for a link's session
        given().cookie(ConsoleSessionMechanism.COOKIE, session.cookie())
                .get("/console/schedules")
                .then()
                .statusCode(200)
                .body(containsString("id=\"draft-schedule\""));
        given().redirects()
                .follow(false)
                .cookie(ConsoleSessionMechanism.COOKIE, session.cookie())
                .header(ConsoleGuard.CSRF_HEADER, session.csrf())
                .contentType("application/x-www-form-urlencoded")
                .post("/console/margin-runs")
                .then()
                .statusCode(204)
                .header("HX-Redirect", containsString("/console/margin-runs/"));
        // and signing out ends it like any other
        given().cookie(ConsoleSessionMechanism.COOKIE, session.cookie())
                .header(ConsoleGuard.CSRF_HEADER, session.csrf())
                .post("/console/sign-out")
                .then()
                .statusCode(204);
        given().redirects()
                .follow(false)
                .cookie(ConsoleSessionMechanism.COOKIE, session.cookie())
                .get("/console")
                .then()
                .statusCode(303);

        // the provider's session cookie, kept by someone, opens nothing outside its one path: no API call, no console
        // page
        assertThat(landing.providerSession()).isNotBlank();
        given().redirects()
                .follow(false)
                .cookie(PROVIDER_SESSION_COOKIE, landing.providerSession())
                .get("/api/v1/admin/members")
                .then()
                .statusCode(401);
        given().redirects()
                .follow(false)
                .cookie(PROVIDER_SESSION_COOKIE, landing.providerSession())
                .get("/console")
                .then()
                .statusCode(303)
                .header("Location", containsString("/console/sign-in"));
        // (on that path it is the provider's word until the ID token expires, as the provider's own session would be)
        given().redirects()
                .follow(false)
                .cookie(PROVIDER_SESSION_COOKIE, landing.providerSession())
                .get("/console/sign-in/oidc")
                .then()
                .statusCode(303)
                .header("Location", containsString("/console"));
    }

    @Test
    void shouldGiveARiskOfficerGroupMemberRiskOfficerRightsOnly() {
        String rita = Api.unique("rita-");
        Landing landing = signInThroughProvider(rita, "concordia-risk-officers");

        landing.response().then().statusCode(303);
        ConsoleSignIn.Session session = session(landing.consoleCookie(), rita);
        assertThat(TestDatabase.single(
                        "SELECT roles FROM console_session WHERE session_hash = ?",
                        ConsoleSessions.sha256(session.cookie())))
                .isEqualTo("risk-officer");
        given().cookie(ConsoleSessionMechanism.COOKIE, session.cookie())
                .get("/console/schedules")
                .then()
                .statusCode(200)
                .body(not(containsString("id=\"draft-schedule\"")));
        given().redirects()
                .follow(false)
                .cookie(ConsoleSessionMechanism.COOKIE, session.cookie())
                .header(ConsoleGuard.CSRF_HEADER, session.csrf())
                .contentType("application/x-www-form-urlencoded")
                .formParam("version", Api.unique("v-"))
                .post("/console/schedules")
                .then()
                .statusCode(403);
        given().redirects()
                .follow(false)
                .cookie(ConsoleSessionMechanism.COOKIE, session.cookie())
                .header(ConsoleGuard.CSRF_HEADER, session.csrf())
                .contentType("application/x-www-form-urlencoded")
                .formParam("price", "1")
                .formParam("reason", "r")
                .post("/console/marks/ANY/override")
                .then()
                .statusCode(403);
    }

    @Test
    void shouldRefuseAndAuditAPersonInNoConsoleGroup() {
        for (String groups : List.of("concordia-members", "")) {
            String mia = Api.unique("mia-");
            Landing landing = signInThroughProvider(mia, groups);

            landing.response()
                    .then()
                    .statusCode(403)
                    .contentType(containsString("text/html"))
                    .body(containsString("does not open the console (no console role for the groups"));
            assertThat(landing.consoleCookie()).isNull();
            assertThat(TestDatabase.count("SELECT count(*) FROM console_session WHERE subject = ?", mia))
                    .isZero();
            assertThat(TestDatabase.count(
                            "SELECT count(*) FROM audit_log WHERE actor = ? AND action = 'CONSOLE_SIGN_IN_REFUSED'",
                            mia))
                    .isOne();
        }
    }

    @Test
    void shouldOfferTheProviderOnTheSignInPageAndKeepTheApiOnItsOwnBearerTokens() {
        given().get("/console/sign-in")
                .then()
                .statusCode(200)
                .body(containsString("Sign in with Acme SSO"))
                .body(containsString("href=\"/console/sign-in/oidc\""));
        // the API neither sends anyone to the provider nor takes anything but its own tokens
        given().redirects().follow(false).get("/api/v1/admin/members").then().statusCode(401);
        Api.as(Tokens.operator()).get("/api/v1/admin/members").then().statusCode(200);
        // outside its one path, the provider's mechanism is not asked: a console page without a session goes to sign in
        given().redirects()
                .follow(false)
                .get("/console")
                .then()
                .statusCode(303)
                .header("Location", containsString("/console/sign-in"));
    }
}
