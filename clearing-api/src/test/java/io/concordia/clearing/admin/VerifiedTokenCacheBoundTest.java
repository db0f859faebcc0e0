package io.concordia.clearing.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cache holds at most its cap of tokens, however many distinct ones it sees, and verifies what it does not hold. */
class VerifiedTokenCacheBoundTest {

    private static final String ISSUER = "https://concordia.local";
    private static final int CAP = 5;

    private static KeyPair keys;
    private static JWTAuthContextInfo verification;

    @BeforeAll
    static void generateKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        verification = new JWTAuthContextInfo(keys.getPublic(), ISSUER);
    }

    @Test
    void shouldKeepNoMoreTokensThanItsCap() throws ParseException {
        VerifiedTokenCache cache = new VerifiedTokenCache(new DefaultJWTParser(verification), verification, CAP);
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < CAP * 3 + 2; i++) {
            String token = sign("op-" + i);
            tokens.add(token);
            assertThat(cache.parse(token).getSubject()).isEqualTo("op-" + i);
            assertThat(cache.size()).isLessThanOrEqualTo(CAP);
            assertThat(cache.holds(token)).isTrue();
        }
        // every token is still accepted, from the cache or verified again
        for (String token : tokens) {
            assertThat(cache.parse(token).getRawToken()).isEqualTo(token);
            assertThat(cache.size()).isLessThanOrEqualTo(CAP);
        }
        assertThat(cache.size()).isPositive();
    }

    @Test
    void shouldKeepNothingWhenSwitchedOff() throws ParseException {
        VerifiedTokenCache cache = new VerifiedTokenCache(new DefaultJWTParser(verification), verification, 0);
        String token = sign("op-off");
        cache.parse(token);
        cache.parse(token);
        assertThat(cache.size()).isZero();
        assertThat(cache.hits()).isZero();
    }

    @Test
    void shouldNotKeepATokenSignedByAnotherKey() throws Exception {
        VerifiedTokenCache cache = new VerifiedTokenCache(new DefaultJWTParser(verification), verification, CAP);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        String foreign = Jwt.issuer(ISSUER)
                .subject("op-foreign")
                .groups(Set.of("operator"))
                .expiresIn(3600)
                .sign(generator.generateKeyPair().getPrivate());
        assertThatThrownBy(() -> cache.parse(foreign)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> cache.parse(foreign)).isInstanceOf(ParseException.class);
        assertThat(cache.size()).isZero();
    }

    private static String sign(String subject) {
        return Jwt.issuer(ISSUER)
                .subject(subject)
                .groups(Set.of("operator"))
                .expiresIn(3600)
                .sign(keys.getPrivate());
    }
}
