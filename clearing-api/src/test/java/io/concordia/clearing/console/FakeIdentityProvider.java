package io.concordia.clearing.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * An OpenID Connect provider outside Concordia, small but real: a discovery document, its signing key as a JWKS, an
 * authorization endpoint that sends the browser back with a single-use code, and a token endpoint that checks the
 * client's secret and the code and answers with an RS256-signed ID token. Who logs in stands in for the provider's
 * login form: the {@code login} and {@code groups} query parameters the test adds to the authorization request.
 */
public class FakeIdentityProvider implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "concordia-console";
    static final String CLIENT_SECRET = "the-console-client-secret-at-the-identity-provider";
    private static final String KEY_ID = "fake-idp-1";

    private record Grant(String login, List<String> groups, String nonce, String redirectUri) {}

    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private HttpServer server;
    private KeyPair keys;
    private String issuer;

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realms/concordia";
        server.createContext(
                "/realms/concordia/.well-known/openid-configuration",
                exchange -> json(
                        exchange,
                        200,
                        new JsonObject()
                                .put("issuer", issuer)
                                .put("authorization_endpoint", issuer + "/authorize")
                                .put("token_endpoint", issuer + "/token")
                                .put("jwks_uri", issuer + "/jwks")
                                .put("response_types_supported", new JsonArray().add("code"))
                                .put("subject_types_supported", new JsonArray().add("public"))
                                .put("id_token_signing_alg_values_supported", new JsonArray().add("RS256"))
                                .put(
                                        "token_endpoint_auth_methods_supported",
                                        new JsonArray().add("client_secret_basic"))));
        server.createContext("/realms/concordia/jwks", this::jwks);
        server.createContext("/realms/concordia/authorize", this::authorize);
        server.createContext("/realms/concordia/token", this::token);
        server.start();
        Map<String, String> config = new HashMap<>();
        config.put("quarkus.oidc.console-idp.auth-server-url", issuer);
        config.put("quarkus.oidc.console-idp.client-id", CLIENT_ID);
        config.put("quarkus.oidc.console-idp.credentials.secret", CLIENT_SECRET);
        return config;
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private void jwks(HttpExchange exchange) throws IOException {
        try {
            RsaJsonWebKey key = new RsaJsonWebKey((java.security.interfaces.RSAPublicKey) keys.getPublic());
            key.setKeyId(KEY_ID);
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            send(exchange, 200, "application/json", new JsonWebKeySet(key).toJson());
        } catch (RuntimeException e) {
            send(exchange, 500, "text/plain", e.toString());
        }
    }

    /** The person has logged in (the test says who): back to the client with a code, never a token, in the URL. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String redirectUri = query.get("redirect_uri");
        if (!"code".equals(query.get("response_type"))
                || !CLIENT_ID.equals(query.get("client_id"))
                || redirectUri == null
                || query.get("login") == null
                || !query.getOrDefault("scope", "").contains("openid")) {
            send(exchange, 400, "text/plain", "a code request of this client, with a login, was expected: " + query);
            return;
        }
        String code = secret();
        List<String> groups = query.getOrDefault("groups", "").isEmpty()
                ? List.of()
                : Arrays.asList(query.get("groups").split(","));
        codes.put(code, new Grant(query.get("login"), groups, query.get("nonce"), redirectUri));
        String location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + "code=" + code + "&state="
                + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    /** The client, authenticated by its secret, spends a code (once) for the ID token of the person who logged in. */
    private void token(HttpExchange exchange) throws IOException {
        String basic = "Basic "
                + Base64.getEncoder()
                        .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (!"POST".equals(exchange.getRequestMethod())
                || !basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            json(exchange, 401, new JsonObject().put("error", "invalid_client"));
            return;
        }
        Grant grant = body.get("code") == null ? null : codes.remove(body.get("code"));
        if (!"authorization_code".equals(body.get("grant_type"))
                || grant == null
                || !grant.redirectUri().equals(body.get("redirect_uri"))) {
            json(exchange, 400, new JsonObject().put("error", "invalid_grant"));
            return;
        }
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setAudience(CLIENT_ID);
        claims.setSubject("idp-" + grant.login());
        claims.setClaim("azp", CLIENT_ID);
        claims.setClaim("preferred_username", grant.login());
        claims.setStringListClaim("groups", grant.groups());
        if (grant.nonce() != null) {
            claims.setClaim("nonce", grant.nonce());
        }
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(5);
        claims.setGeneratedJwtId();
        json(
                exchange,
                200,
                new JsonObject()
                        .put("id_token", sign(claims))
                        .put("access_token", secret())
                        .put("token_type", "Bearer")
                        .put("expires_in", 300));
    }

    private String sign(JwtClaims claims) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.getPrivate());
        jws.setKeyIdHeaderValue(KEY_ID);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    private String secret() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded != null && !encoded.isEmpty()) {
            for (String pair : encoded.split("&")) {
                int eq = pair.indexOf('=');
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                values.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void json(HttpExchange exchange, int status, JsonObject body) throws IOException {
        send(exchange, status, "application/json", body.encode());
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
