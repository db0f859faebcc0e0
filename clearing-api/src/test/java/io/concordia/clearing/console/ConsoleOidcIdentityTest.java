package io.concordia.clearing.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.concordia.clearing.common.Roles;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** How an ID token's claims become a console person: the name, the groups (flat or nested) and the roles they grant. */
class ConsoleOidcIdentityTest {

    private record Mapping(
            String subjectClaim, String rolesClaim, List<String> operatorGroups, List<String> riskOfficerGroups)
            implements ConsoleConfig.Oidc {

        static Mapping of(String rolesClaim) {
            return new Mapping("preferred_username", rolesClaim, List.of("ops", "desk-ops"), List.of("risk"));
        }

        @Override
        public boolean enabled() {
            return true;
        }

        @Override
        public String providerName() {
            return "test";
        }
    }

    private static JsonWebToken token(Map<String, Object> claims) {
        JwtClaims jwt = new JwtClaims();
        jwt.setSubject("idp-0001");
        claims.forEach(jwt::setClaim);
        return new DefaultJWTCallerPrincipal(jwt);
    }

    @Test
    void shouldGrantTheRolesOfTheConfiguredGroupsOnly() {
        ConsoleOidcIdentity both = ConsoleOidcIdentity.of(
                token(Map.of("preferred_username", "olga", "groups", List.of("staff", "desk-ops", "risk"))),
                Mapping.of("groups"));
        assertThat(both.subject()).isEqualTo("olga");
        assertThat(both.roles()).isEqualTo(Set.of(Roles.OPERATOR, Roles.RISK_OFFICER));
        assertThat(both.refusal()).isNull();

        ConsoleOidcIdentity member = ConsoleOidcIdentity.of(
                token(Map.of("preferred_username", "mia", "groups", List.of("member", "operator"))),
                Mapping.of("groups"));
        assertThat(member.roles()).isEmpty();
        assertThat(member.refusal()).contains("member");
    }

    @Test
    void shouldReadGroupsUnderANestedPathOrAsOneString() {
        ConsoleOidcIdentity nested = ConsoleOidcIdentity.of(
                token(Map.of(
                        "preferred_username",
                        "rita",
                        "realm_access",
                        Map.of("roles", List.of("offline_access", "risk")))),
                Mapping.of("realm_access/roles"));
        assertThat(nested.groups()).containsExactly("offline_access", "risk");
        assertThat(nested.roles()).containsExactly(Roles.RISK_OFFICER);

        ConsoleOidcIdentity single =
                ConsoleOidcIdentity.of(token(Map.of("preferred_username", "olga", "team", "ops")), Mapping.of("team"));
        assertThat(single.roles()).containsExactly(Roles.OPERATOR);

        ConsoleOidcIdentity missing =
                ConsoleOidcIdentity.of(token(Map.of("preferred_username", "olga")), Mapping.of("realm_access/roles"));
        assertThat(missing.groups()).isEmpty();
        assertThat(missing.roles()).isEmpty();
    }

    @Test
    void shouldFallBackToTheSubjectAndRefuseATokenWithNoUsableName() {
        ConsoleOidcIdentity bySub =
                ConsoleOidcIdentity.of(token(Map.of("groups", List.of("ops"))), Mapping.of("groups"));
        assertThat(bySub.subject()).isEqualTo("idp-0001");
        assertThat(bySub.roles()).containsExactly(Roles.OPERATOR);

        ConsoleOidcIdentity tooLong = ConsoleOidcIdentity.of(
                token(Map.of("preferred_username", "x".repeat(201), "groups", List.of("ops"))), Mapping.of("groups"));
        assertThat(tooLong.subject()).isEqualTo(ConsoleOidcIdentity.UNNAMED);
        assertThat(tooLong.roles()).isEmpty();
        assertThat(tooLong.refusal()).contains("no usable name");
    }
}
