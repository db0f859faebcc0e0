package io.concordia.clearing.common;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The text of every request's path and query through {@link Text#check} before it is routed: path segments and query
 * values become codes and database parameters, and a NUL there would otherwise reach PostgreSQL and fail as a 500.
 */
public class UrlText {

    @ServerRequestFilter(preMatching = true)
    public Optional<Response> refuseControlCharacters(ContainerRequestContext request) {
        try {
            Text.check(request.getUriInfo().getPath(true), "the path");
            MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters(true);
            for (Map.Entry<String, List<String>> p : query.entrySet()) {
                String name = "query parameter '" + Text.printable(Decimals.abbreviate(p.getKey())) + "'";
                Text.check(p.getKey(), name);
                for (String value : p.getValue()) {
                    Text.check(value, name);
                }
            }
            return Optional.empty();
        } catch (ApiProblem e) {
            return Optional.of(ProblemMapper.respond(e.code(), e.getMessage()));
        } catch (IllegalArgumentException e) {
            return Optional.of(ProblemMapper.respond(ProblemCode.BAD_REQUEST, "the request URL is not well-formed"));
        }
    }
}
