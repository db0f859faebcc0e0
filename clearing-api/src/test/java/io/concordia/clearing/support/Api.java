package io.concordia.clearing.support;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.endsWith;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Short-hands for driving the REST API as operators and members do, with unique codes per test. */
public final class Api {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String RUN =
            Long.toString(System.nanoTime() % 1_000_000, 36).toUpperCase();

    private Api() {}

    /** A code no other test uses: {@code prefix} + run + sequence, within the code patterns. */
    public static String unique(String prefix) {
        return prefix + RUN + SEQUENCE.incrementAndGet();
    }

    public static RequestSpecification as(String token) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    public static RequestSpecification operator() {
        return as(Tokens.operator());
    }

    public static String createMember() {
        String code = unique("M");
        operator()
                .body(Map.of("code", code, "name", "Member " + code))
                .post("/api/v1/admin/members")
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/admin/members/" + code));
        return code;
    }

    public static String openAccount(String member, String mode, String type) {
        String code = unique("A");
        operator()
                .body(Map.of("code", code, "mode", mode, "type", type))
                .post("/api/v1/admin/members/{m}/accounts", member)
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/admin/accounts/" + code));
        return code;
    }

    public static String openAccount(String member) {
        return openAccount(member, "CROSS", "HOUSE");
    }

    /** An asset with the given scale; its code is unique to the test. */
    public static String createAsset(int scale) {
        String code = unique("X");
        operator()
                .body(Map.of("code", code, "scale", scale))
                .post("/api/v1/admin/assets")
                .then()
                .statusCode(201);
        return code;
    }

    /** A deposit under a reference of its own (a repeated reference is the same deposit, booked once). */
    public static void deposit(String account, String asset, String quantity) {
        operator()
                .body(Map.of("asset", asset, "quantity", quantity, "reference", unique("test deposit ")))
                .post("/api/v1/admin/accounts/{a}/deposits", account)
                .then()
                .statusCode(201)
                .header("Location", endsWith("/api/v1/accounts/" + account + "/ledger"));
    }
}
