package io.concordia.clearing.console;

import static io.restassured.RestAssured.given;

import io.concordia.clearing.support.Api;
import io.concordia.clearing.support.Tokens;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Console people for tests: a token admin issues their one-time links, as in production. */
final class ConsoleSignIn {

    /** The token admin who issues every test person's link (a person of its own, so four-eyes sees two others). */
    static final String ISSUER = "console-admin";

    private static final Pattern CSRF = Pattern.compile("X-CSRF-Token&quot;:&quot;([A-Za-z0-9_-]+)&quot;");

    /** A signed-in session: its cookie value and its form token. */
    record Session(String cookie, String csrf) {}

    private ConsoleSignIn() {}

    /** A one-time sign-in path (/console/sign-in?code=...) for a person with these roles. */
    static String link(String subject, String... roles) {
        return Api.as(Tokens.tokenAdmin(ISSUER))
                .body(Map.of("subject", subject, "roles", List.of(roles)))
                .post("/api/v1/admin/console/sign-in-links")
                .then()
                .statusCode(201)
                .extract()
                .jsonPath()
                .getString("path");
    }

    static String code(String link) {
        return link.substring(link.indexOf("code=") + "code=".length());
    }

    /** Signs a person in over plain HTTP, as a browser's form post does. */
    static Session signIn(String subject, String... roles) {
        String cookie = given().redirects()
                .follow(false)
                .contentType("application/x-www-form-urlencoded")
                .formParam("code", code(link(subject, roles)))
                .post("/console/sign-in")
                .then()
                .statusCode(303)
                .extract()
                .cookie(ConsoleSessionMechanism.COOKIE);
        String page = given().cookie(ConsoleSessionMechanism.COOKIE, cookie)
                .get("/console")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        Matcher m = CSRF.matcher(page);
        if (!m.find()) {
            throw new AssertionError("no form token on the overview page");
        }
        return new Session(cookie, m.group(1));
    }
}
