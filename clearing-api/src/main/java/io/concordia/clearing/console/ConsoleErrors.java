package io.concordia.clearing.console;

import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.ProblemMapper;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * How a refusal reaches a person: a page they navigated to (an unknown account, a bad filter) shows the problem as a
 * page; an action sent by htmx gets the API's problem+json, which the page shows next to the form.
 */
final class ConsoleErrors {

    private ConsoleErrors() {}

    static Response of(ApiProblem problem, ContainerRequestContext request, Pages pages) {
        boolean navigation = "GET".equals(request.getMethod()) && request.getHeaderString("HX-Request") == null;
        if (!navigation) {
            return ProblemMapper.respond(problem.code(), problem.getMessage());
        }
        TemplateInstance page = pages.page("error", "Not possible")
                .data("status", problem.status())
                .data("code", problem.code().name())
                .data("detail", problem.getMessage());
        return Response.status(problem.status())
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page)
                .build();
    }
}
