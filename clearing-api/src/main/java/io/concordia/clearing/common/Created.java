package io.concordia.clearing.common;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/**
 * The answer to a POST that creates a resource: {@code 201 Created}, the resource in the body and its address in
 * {@code Location} (docs/contracts.md, "Creation"). Where the new resource has no address of its own, the address is
 * the list that holds it.
 */
public final class Created {

    private Created() {}

    /** {@code 201} with {@code Location} at {@code template} (a path from the server root) filled with {@code values}, each encoded. */
    public static Response at(Object entity, String template, Object... values) {
        return Response.created(UriBuilder.fromPath(template).build(values))
                .entity(entity)
                .build();
    }
}
