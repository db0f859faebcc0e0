package io.concordia.clearing.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.concordia.clearing.support.MovableClock;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Verified once, answered from memory until expiry; never a token that failed, never past its expiry. */
class VerifiedTokensTest {

    private static final String ISSUER = "https://concordia.local";
    private static KeyPair keys;
    private static KeyPair otherKeys;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        otherKeys = generator.generateKeyPair();
    }

    @Test
    void shouldVerifyATokenOnceAndAnswerItsLaterRequestsWithTheSamePrincipal() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        VerifiedTokens tokens = tokens(verifier, 100, Instant.now());
        JWTAuthContextInfo settings = settings();
        String token = token("trader@M1", Instant.now().plusSeconds(600));

        JWTCallerPrincipal first = tokens.parse(token, settings);
        JWTCallerPrincipal second = tokens.parse(token, settings);

        assertThat(second).isSameAs(first);
        assertThat(second.getSubject()).isEqualTo("trader@M1");
        assertThat(verifier.calls).hasValue(1);
    }

    @Test
    void shouldVerifyAgainOnceTheTokenHasExpiredByTheClock() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        Instant now = Instant.now();
        MovableClock clock = new MovableClock(now);
        VerifiedTokens tokens = new VerifiedTokens(verifier, 100);
        tokens.clock = clock;
        JWTAuthContextInfo settings = settings();
        String token = token("trader@M2", now.plusSeconds(60));

        tokens.parse(token, settings);
        clock.set(now.plusSeconds(59));
        tokens.parse(token, settings);
        assertThat(verifier.calls).as("still valid").hasValue(1);
        clock.set(now.plusSeconds(60));
        tokens.parse(token, settings);
        assertThat(verifier.calls)
                .as("at its expiry the verifier decides again")
                .hasValue(2);
    }

    @Test
    void shouldNeverRememberATokenThatFailedNorOneVerifiedUnderOtherSettings() throws Exception {
        CountingVerifier verifier = new CountingVerifier();
        VerifiedTokens tokens = tokens(verifier, 100, Instant.now());
        JWTAuthContextInfo settings = settings();
        String forged = Jwt.issuer(ISSUER)
                .subject("op-mallory")
                .groups(Set.of("operator"))
                .expiresAt(Instant.now().plusSeconds(600))
                .sign(otherKeys.getPrivate());

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> tokens.parse(forged, settings)).isInstanceOf(ParseException.class);
        }
        assertThat(verifier.calls).as("each attempt verified, none remembered").hasValue(3);

        String token = token("trader@M3", Instant.now().plusSeconds(600));
        tokens.parse(token, settings);
        JWTAuthContextInfo otherIssuer = settings();
        otherIssuer.setIssuedBy("https://elsewhere.example");
        assertThatThrownBy(() -> tokens.parse(token, otherIssuer)).isInstanceOf(ParseException.class);
    }

    @Test
    void shouldKeepAtMostItsCapacityAndStillAnswerEveryTokenCorrectly() throws Exception {
        // seeded random traffic over more tokens than fit: every answer is the token's own subject, whatever was
        // dropped, and the memory never holds more than its capacity
        CountingVerifier verifier = new CountingVerifier();
        int capacity = 8;
        VerifiedTokens tokens = tokens(verifier, capacity, Instant.now());
        JWTAuthContextInfo settings = settings();
        List<String> issued = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            issued.add(token("trader@M" + i, Instant.now().plusSeconds(600)));
        }
        Random random = new Random(20261206L);
        for (int request = 0; request < 400; request++) {
            int i = random.nextInt(issued.size());
            assertThat(tokens.parse(issued.get(i), settings).getSubject()).isEqualTo("trader@M" + i);
            assertThat(tokens.size()).isLessThanOrEqualTo(capacity);
        }
        assertThat(verifier.calls.get()).as("some answered from memory").isLessThan(400);
    }

    private static VerifiedTokens tokens(CountingVerifier verifier, int capacity, Instant now) {
        VerifiedTokens tokens = new VerifiedTokens(verifier, capacity);
        tokens.clock = Clock.fixed(now, ZoneOffset.UTC);
        return tokens;
    }

    private static JWTAuthContextInfo settings() {
        JWTAuthContextInfo settings = new JWTAuthContextInfo(keys.getPublic(), ISSUER);
        settings.setClockSkew(5);
        return settings;
    }

    private static String token(String subject, Instant expiresAt) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .upn(subject)
                .groups(Set.of("member"))
                .expiresAt(expiresAt)
                .sign(keys.getPrivate());
    }

    /** The real verifier, counted. */
    private static final class CountingVerifier extends DefaultJWTCallerPrincipalFactory {
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public JWTCallerPrincipal parse(String token, JWTAuthContextInfo settings) throws ParseException {
            calls.incrementAndGet();
            return super.parse(token, settings);
        }
    }
}
