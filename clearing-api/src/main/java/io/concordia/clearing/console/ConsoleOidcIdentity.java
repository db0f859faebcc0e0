package io.concordia.clearing.console;

import io.concordia.clearing.common.Roles;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * A person as the identity provider's ID token describes them, mapped to the console: the name the console and its
 * audit log know them by, their groups, and the console roles those groups grant (none: no console). Only the groups
 * configured for operators and risk officers count; a member or any other group grants nothing.
 *
 * @param subject the console's name for the person (the configured claim, else {@code sub})
 * @param groups the groups the token lists under the configured claim
 * @param roles the console roles the groups grant, possibly none
 * @param refusal why no role was granted, or null when some was
 */
record ConsoleOidcIdentity(String subject, Set<String> groups, Set<String> roles, String refusal) {

    /** The longest name a console session holds (its column's CHECK). */
    private static final int MAX_SUBJECT = 200;
    /** Who a token without any usable name is recorded as, when it is refused. */
    static final String UNNAMED = "unnamed-identity";

    static ConsoleOidcIdentity of(JsonWebToken idToken, ConsoleConfig.Oidc config) {
        String subject = text(idToken.getClaim(config.subjectClaim()));
        if (subject == null || subject.isBlank()) {
            subject = idToken.getSubject();
        }
        Set<String> groups = groups(idToken, config.rolesClaim());
        if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT) {
            return new ConsoleOidcIdentity(
                    UNNAMED, groups, Set.of(), "the identity provider gave no usable name for this person");
        }
        Set<String> roles = new TreeSet<>();
        if (groups.stream().anyMatch(config.operatorGroups()::contains)) {
            roles.add(Roles.OPERATOR);
        }
        if (groups.stream().anyMatch(config.riskOfficerGroups()::contains)) {
            roles.add(Roles.RISK_OFFICER);
        }
        String refusal = roles.isEmpty() ? "no console role for the groups " + groups : null;
        return new ConsoleOidcIdentity(subject.trim(), groups, Set.copyOf(roles), refusal);
    }

    /** The strings under a claim, or under a path of nested objects ({@code realm_access/roles}); none when absent. */
    static Set<String> groups(JsonWebToken idToken, String claimPath) {
        String[] steps = claimPath.split("/");
        Object value = idToken.getClaim(steps[0]);
        for (int i = 1; i < steps.length && value != null; i++) {
            value = value instanceof JsonObject object
                    ? object.get(steps[i])
                    : value instanceof Map<?, ?> map ? map.get(steps[i]) : null;
        }
        Set<String> groups = new TreeSet<>();
        if (value instanceof JsonArray array) {
            array.forEach(item -> add(groups, item));
        } else if (value instanceof Collection<?> items) {
            items.forEach(item -> add(groups, item));
        } else {
            add(groups, value);
        }
        return groups;
    }

    private static void add(Set<String> groups, Object item) {
        String text = text(item);
        if (text != null && !text.isBlank()) {
            groups.add(text);
        }
    }

    private static String text(Object value) {
        if (value instanceof JsonString json) {
            return json.getString();
        }
        if (value instanceof String plain) {
            return plain;
        }
        return null;
    }
}
