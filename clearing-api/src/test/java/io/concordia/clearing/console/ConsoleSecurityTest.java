package io.concordia.clearing.console;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.concordia.clearing.common.Roles;
import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.TestDatabase;
import io.concordia.clearing.support.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The console's security without a browser: sign-in codes are single-use and only for operators and risk officers,
 * the session cookie is HttpOnly and SameSite=Strict and stored hashed, every change needs the form token and this
 * origin, roles are the server's (a risk officer does not draft), and every page carries the content security policy.
 */
@QuarkusTest
class ConsoleSecurityTest {

    private static RequestSpecification as(ConsoleSignIn.Session session) {
        return given().redirects().follow(false).cookie(ConsoleSessionMechanism.COOKIE, session.cookie());
    }

    private static RequestSpecification posting(ConsoleSignIn.Session session) {
        return as(session)
                .header(ConsoleGuard.CSRF_HEADER, session.csrf())
                .contentType("application/x-www-form-urlencoded");
    }

    @Test
    void shouldSendAVisitorWithoutASessionToTheSignInPage() {
        for (String path : List.of("/console", "/console/marks", "/console/audit")) {
            given().redirects()
                    .follow(false)
                    .get(path)
                    .then()
                    .statusCode(303)
                    .header("Location", containsString("/console/sign-in"));
        }
        // a bearer token is the API's credential, not a console session
        given().redirects()
                .follow(false)
                .auth()
                .oauth2(Tokens.operator())
                .get("/console")
                .then()
                .statusCode(303);
        given().redirects()
                .follow(false)
                .cookie(ConsoleSessionMechanism.COOKIE, "forged")
                .get("/console")
                .then()
                .statusCode(303);
        given().redirects()
                .follow(false)
                .header("HX-Request", "true")
                .get("/console/overview/live")
                .then()
                .statusCode(401)
                .header("HX-Redirect", "/console/sign-in");
        given().get("/console/sign-in")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'self'"));
    }

    @Test
    void shouldOfferNoSingleSignOnWhenNoIdentityProviderIsConfigured() {
        given().get("/console/sign-in")
                .then()
                .statusCode(200)
                .body(containsString("one-time sign-in link"))
                .body(org.hamcrest.Matchers.not(containsString("sign-in/oidc")));
        given().redirects()
                .follow(false)
                .get("/console/sign-in/oidc")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("not set up here"));
        // a console session does not open it either
        ConsoleSignIn.Session olga = ConsoleSignIn.signIn(Api.unique("olga-"), Roles.OPERATOR);
        as(olga).get("/console/sign-in/oidc").then().statusCode(404);
    }

    @Test
    void shouldSignInOnceWithACodeAndSetAStrictHttpOnlyCookieStoredOnlyAsItsHash() {
        String subject = Api.unique("olga-");
        String code = ConsoleSignIn.code(ConsoleSignIn.link(subject, Roles.OPERATOR));
        assertThat(TestDatabase.count("SELECT count(*) FROM console_sign_in_code WHERE code_hash = ?", code))
                .isZero();
        Response first = given().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("code", code)
                .post("/console/sign-in");
        first.then().statusCode(303).header("Location", containsString("/console"));
        String setCookie = first.getHeader("Set-Cookie");
        assertThat(setCookie)
                .contains("HttpOnly")
                .containsIgnoringCase("SameSite=Strict")
                .contains("Path=/");
        String cookie = first.getCookie(ConsoleSessionMechanism.COOKIE);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM console_session WHERE session_hash = ? OR csrf_token = ?",
                        cookie,
                        cookie))
                .isZero();
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM console_session WHERE session_hash = ? AND subject = ?",
                        ConsoleSessions.sha256(cookie),
                        subject))
                .isOne();
        // the code is spent
        given().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("code", code)
                .post("/console/sign-in")
                .then()
                .statusCode(401)
                .body(containsString("unknown, used or expired"));
        given().redirects()
                .follow(false)
                .cookie(ConsoleSessionMechanism.COOKIE, cookie)
                .get("/console")
                .then()
                .statusCode(200)
                .header("Content-Security-Policy", equalTo(ConsoleGuard.CONTENT_SECURITY_POLICY))
                .body(containsString(subject));
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE actor = ? AND action = 'CONSOLE_SIGN_IN'", subject))
                .isOne();
    }

    @Test
    void shouldIssueLinksOnlyThroughATokenAdminAndOnlyForOperatorsAndRiskOfficers() {
        Api.as(Tokens.tokenAdmin(ConsoleSignIn.ISSUER))
                .body(Map.of("subject", "trader", "roles", List.of(Roles.MEMBER)))
                .post("/api/v1/admin/console/sign-in-links")
                .then()
                .statusCode(403)
                .body("code", equalTo("ROLE_NOT_GRANTABLE"));
        Api.as(Tokens.tokenAdmin(ConsoleSignIn.ISSUER))
                .body(Map.of("subject", "x", "roles", List.of(Roles.TOKEN_ADMIN)))
                .post("/api/v1/admin/console/sign-in-links")
                .then()
                .statusCode(403)
                .body("code", equalTo("ROLE_NOT_GRANTABLE"));
        Api.as(Tokens.tokenAdmin(ConsoleSignIn.ISSUER))
                .body(Map.of("subject", ConsoleSignIn.ISSUER, "roles", List.of(Roles.OPERATOR)))
                .post("/api/v1/admin/console/sign-in-links")
                .then()
                .statusCode(422)
                .body("code", equalTo("SELF_MINT"));
        Api.as(Tokens.operator())
                .body(Map.of("subject", "y", "roles", List.of(Roles.OPERATOR)))
                .post("/api/v1/admin/console/sign-in-links")
                .then()
                .statusCode(403);
        Api.as(Tokens.member(Api.createMember()))
                .body(Map.of("subject", "z", "roles", List.of(Roles.OPERATOR)))
                .post("/api/v1/admin/console/sign-in-links")
                .then()
                .statusCode(403);
        String subject = Api.unique("rita-");
        ConsoleSignIn.link(subject, Roles.RISK_OFFICER);
        assertThat(TestDatabase.count(
                        "SELECT count(*) FROM audit_log WHERE actor = ? AND action = 'ISSUE_CONSOLE_SIGN_IN' AND object_code = ?",
                        ConsoleSignIn.ISSUER,
                        subject))
                .isOne();
    }

    @Test
    void shouldRefuseAChangeWithoutTheFormTokenOrFromAnotherOrigin() {
        ConsoleSignIn.Session olga = ConsoleSignIn.signIn(Api.unique("olga-"), Roles.OPERATOR);
        as(olga).contentType("application/x-www-form-urlencoded")
                .post("/console/margin-runs")
                .then()
                .statusCode(403)
                .body(containsString("form token"));
        as(olga).header(ConsoleGuard.CSRF_HEADER, "wrong")
                .contentType("application/x-www-form-urlencoded")
                .post("/console/margin-runs")
                .then()
                .statusCode(403);
        posting(olga)
                .header("Origin", "https://evil.example")
                .post("/console/margin-runs")
                .then()
                .statusCode(403)
                .body(containsString("own pages"));
        posting(olga)
                .post("/console/margin-runs")
                .then()
                .statusCode(204)
                .header("HX-Redirect", containsString("/console/margin-runs/"));
    }

    @Test
    void shouldEnforceTheApisRolesOnTheConsole() {
        ConsoleSignIn.Session rita = ConsoleSignIn.signIn(Api.unique("rita-"), Roles.RISK_OFFICER);
        posting(rita)
                .formParam("version", Api.unique("v-"))
                .post("/console/schedules")
                .then()
                .statusCode(403);
        posting(rita)
                .formParam("price", "1")
                .formParam("reason", "r")
                .post("/console/marks/ANY/override")
                .then()
                .statusCode(403);
        posting(rita).post("/console/dead-letters/1/replay").then().statusCode(403);
        posting(rita)
                .formParam("member", "X")
                .formParam("reason", "r")
                .post("/console/defaults")
                .then()
                .statusCode(403);
        as(rita).get("/console/schedules")
                .then()
                .statusCode(200)
                .body(org.hamcrest.Matchers.not(containsString("id=\"draft-schedule\"")));
        ConsoleSignIn.Session olga = ConsoleSignIn.signIn(Api.unique("olga-"), Roles.OPERATOR);
        posting(olga).post("/console/schedules/ANY/approve").then().statusCode(403);
        posting(olga).post("/console/defaults/1/approve").then().statusCode(403);
        as(olga).get("/console/schedules").then().statusCode(200).body(containsString("id=\"draft-schedule\""));
    }

    @jakarta.inject.Inject
    ConsoleSessions sessions;

    @Test
    void shouldRefuseAnExpiredCodeAndAnExpiredSession() {
        String code = Api.unique("expired-code-");
        TestDatabase.execute(
                "INSERT INTO console_sign_in_code (code_hash, subject, roles, issued_at, expires_at) VALUES ('"
                        + ConsoleSessions.sha256(code)
                        + "', 'late-olga', 'operator', now() - interval '1 hour', now() - interval '1 minute')");
        given().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("code", code)
                .post("/console/sign-in")
                .then()
                .statusCode(401);
        String cookie = Api.unique("expired-session-");
        TestDatabase.execute(
                "INSERT INTO console_session (session_hash, csrf_token, subject, roles, via, created_at, expires_at) VALUES ('"
                        + ConsoleSessions.sha256(cookie) + "', '" + "c".repeat(43)
                        + "', 'late-olga', 'operator', 'LINK', now() - interval '9 hours', "
                        + "now() - interval '1 hour')");
        given().redirects()
                .follow(false)
                .cookie(ConsoleSessionMechanism.COOKIE, cookie)
                .get("/console")
                .then()
                .statusCode(303);
    }

    @Test
    void shouldSignInWithTheStartUpLinkAsThePersonWhoStartedTheService() {
        ConsoleSessions.Link link = sessions.issueAtStart(Api.unique("starter-"), Set.of(Roles.OPERATOR));
        String cookie = given().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("code", link.code())
                .post("/console/sign-in")
                .then()
                .statusCode(303)
                .extract()
                .cookie(ConsoleSessionMechanism.COOKIE);
        given().cookie(ConsoleSessionMechanism.COOKIE, cookie)
                .get("/console")
                .then()
                .statusCode(200)
                .body(containsString(link.subject()));
        assertThat(TestDatabase.single(
                        "SELECT issued_by FROM console_session WHERE session_hash = ?", ConsoleSessions.sha256(cookie)))
                .isNull();
    }

    @Test
    void shouldEndTheSessionOfARevokedPerson() {
        String subject = Api.unique("olga-");
        ConsoleSignIn.Session olga = ConsoleSignIn.signIn(subject, Roles.OPERATOR);
        Api.as(Tokens.tokenAdmin(ConsoleSignIn.ISSUER))
                .body(Map.of("subject", subject, "reason", "left the firm"))
                .post("/api/v1/admin/tokens/revocations")
                .then()
                .statusCode(201);
        as(olga).get("/console").then().statusCode(303);
    }

    @Test
    void shouldShowARefusedPageAsAPageAndARefusedActionAsAProblem() {
        ConsoleSignIn.Session olga = ConsoleSignIn.signIn(Api.unique("olga-"), Roles.OPERATOR);
        as(olga).get("/console/accounts/NO-SUCH-ACCOUNT")
                .then()
                .statusCode(404)
                .contentType(containsString("text/html"))
                .body(containsString("NOT_FOUND"));
        posting(olga)
                .header("HX-Request", "true")
                .formParam("price", "1e99999")
                .formParam("reason", "typo")
                .post("/console/marks/NO-SUCH-PRODUCT/override")
                .then()
                .statusCode(422)
                .contentType(containsString("problem+json"))
                .body("code", equalTo("NUMBER_OUT_OF_RANGE"));
    }

    @Test
    void shouldEndTheSessionAtSignOut() {
        ConsoleSignIn.Session olga = ConsoleSignIn.signIn(Api.unique("olga-"), Roles.OPERATOR);
        posting(olga).post("/console/sign-out").then().statusCode(204).header("HX-Redirect", "/console/sign-in");
        as(olga).get("/console").then().statusCode(303);
    }

    @Test
    void shouldGiveEveryConsoleEndpointTheRolesOfTheApiAndNoneToMembers() {
        List<String> wrong = new ArrayList<>();
        for (Class<?> resource : List.of(
                ConsoleAccountResource.class,
                ConsoleMarketResource.class,
                ConsoleOperationsResource.class,
                ConsoleSignInResource.class)) {
            RolesAllowed classRoles = resource.getAnnotation(RolesAllowed.class);
            for (Method m : resource.getDeclaredMethods()) {
                if (!m.isAnnotationPresent(GET.class) && !m.isAnnotationPresent(POST.class)) {
                    continue;
                }
                if (m.isAnnotationPresent(PermitAll.class)) {
                    if (!m.getName().startsWith("signIn")) {
                        wrong.add(m + " is open");
                    }
                    continue;
                }
                RolesAllowed roles =
                        m.isAnnotationPresent(RolesAllowed.class) ? m.getAnnotation(RolesAllowed.class) : classRoles;
                if (roles == null) {
                    wrong.add(m + " has no roles");
                } else if (!Set.of(Roles.OPERATOR, Roles.RISK_OFFICER).containsAll(Arrays.asList(roles.value()))) {
                    wrong.add(m + " allows " + Arrays.toString(roles.value()));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }
}
