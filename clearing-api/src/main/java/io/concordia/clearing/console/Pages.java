package io.concordia.clearing.console;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Roles;
import io.quarkus.qute.Engine;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.core.Response;
import java.math.BigDecimal;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What every console page shares: the template, the signed-in person and roles (to show only the actions the server
 * would allow), the form token htmx sends back, and the answer to a successful action (go to a page).
 */
@RequestScoped
public class Pages {

    @Inject
    Engine engine;

    @Inject
    SecurityIdentity identity;

    @Inject
    Validator validator;

    /** A full page: {@code name} under templates/console/. */
    public TemplateInstance page(String name, String title) {
        ConsoleSessions.Session session = identity.getAttribute(ConsoleSessionIdentityProvider.SESSION_ATTRIBUTE);
        return fragment(name)
                .data("title", title)
                .data("me", identity.getPrincipal().getName())
                .data("roles", String.join(", ", identity.getRoles()))
                .data(
                        "hxHeaders",
                        "{\"" + ConsoleGuard.CSRF_HEADER + "\":\"" + (session == null ? "" : session.csrfToken())
                                + "\"}");
    }

    /** A piece of a page that htmx swaps in (a polled panel). */
    public TemplateInstance fragment(String name) {
        return engine.getTemplate("console/" + name)
                .data("operator", identity.hasRole(Roles.OPERATOR))
                .data("riskOfficer", identity.hasRole(Roles.RISK_OFFICER));
    }

    /** After an action: htmx loads {@code location} as a new page, which shows the outcome. */
    public static Response goTo(String location) {
        return Response.noContent().header("HX-Redirect", location).build();
    }

    /** A decimal typed into a form, through the same gate as the API's bodies. */
    public static BigDecimal decimal(String text, String field) {
        return Decimals.parse(text == null ? null : text.trim(), field);
    }

    /** Text typed into a form: required, trimmed. */
    public static String required(String text, String field) {
        if (text == null || text.isBlank()) {
            throw ApiProblem.of(ProblemCode.VALIDATION_FAILED, field + " must not be blank");
        }
        return text.trim();
    }

    public static String optional(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    /** Holds a form's values to the API's own request record and its constraints. */
    public <T> T valid(T request) {
        Set<ConstraintViolation<T>> violations = validator.validate(request);
        if (!violations.isEmpty()) {
            throw ApiProblem.of(
                    ProblemCode.VALIDATION_FAILED,
                    violations.stream()
                            .map(v -> v.getPropertyPath() + " " + v.getMessage())
                            .sorted()
                            .collect(Collectors.joining("; ")));
        }
        return request;
    }
}
