package io.concordia.clearing.console;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;

/** The operator console's sign-in. */
@ConfigMapping(prefix = "concordia.console")
public interface ConsoleConfig {

    /** How long a session lasts after sign-in; a person signs in again after it. */
    @WithDefault("PT8H")
    Duration sessionTtl();

    /** How long a one-time sign-in link works: long enough to hand it over, short enough that a stray copy is dead. */
    @WithDefault("PT15M")
    Duration signInTtl();

    /** Whether the embedded default prints a one-time link for its operator at start. */
    @WithDefault("true")
    boolean startUpLink();

    /** Single sign-on through the organisation's identity provider, beside the one-time links. */
    Oidc oidc();

    /**
     * How an identity provider's person becomes a console person. The provider itself (its address, this client's id
     * and secret) is the {@code quarkus.oidc.console-idp.*} tenant, which this switch enables.
     */
    interface Oidc {

        /** Whether {@code /console/sign-in/oidc} signs people in through the identity provider (off: it answers 404). */
        @WithDefault("false")
        boolean enabled();

        /** The provider's name on the sign-in page's button ("Sign in with ..."). */
        @WithDefault("your identity provider")
        String providerName();

        /** The ID token claim naming the person in the console and its audit log; {@code sub} when the token lacks it. */
        @WithDefault("preferred_username")
        String subjectClaim();

        /** The ID token claim listing the person's groups: a name, or a path through nested objects ({@code realm_access/roles}). */
        @WithDefault("groups")
        String rolesClaim();

        /** The groups whose members sign in as operators. */
        @WithDefault("concordia-operators")
        List<String> operatorGroups();

        /** The groups whose members sign in as risk officers. */
        @WithDefault("concordia-risk-officers")
        List<String> riskOfficerGroups();
    }
}
