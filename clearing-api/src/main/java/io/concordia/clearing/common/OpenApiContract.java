package io.concordia.clearing.common;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The rules every operation of the API shares, written into the OpenAPI document once rather than on each resource
 * method: which refusals an operation can answer and that each is a problem+json {@link Problem}, the {@code Location}
 * of every {@code 201}, and that a property a schema does not require may be {@code null}. What only one operation
 * answers (its {@code 201}, its body where the method returns a bare {@code Response}) stays in its resource's
 * {@code @APIResponse}.
 */
public class OpenApiContract implements OASFilter {

    static final String PROBLEM_SCHEMA = "Problem";
    static final String DECIMAL_SCHEMA = "Decimal";
    private static final Set<PathItem.HttpMethod> CHANGES = Set.of(
            PathItem.HttpMethod.POST, PathItem.HttpMethod.PUT, PathItem.HttpMethod.PATCH, PathItem.HttpMethod.DELETE);

    /**
     * The creations that answer {@code 201} without a {@code Location}: what they create (a token, a revocation, a
     * sign-in link, a backtest snapshot) has no address of its own to be read back at.
     */
    private static final Set<String> CREATED_WITHOUT_LOCATION = Set.of(
            "POST /api/v1/admin/tokens",
            "POST /api/v1/admin/tokens/revocations",
            "POST /api/v1/admin/console/sign-in-links",
            "POST /api/v1/admin/backtests/snapshots");

    /**
     * The reads that compute an account's margin on the spot: the model refuses an underlying the active scenario set
     * has no history for (409 NO_SCENARIOS_FOR_UNDERLYING) or the active schedule assigns no tier to (422
     * UNDERLYING_NOT_IN_SCHEDULE).
     */
    private static final List<String> COMPUTES_MARGIN =
            List.of("/api/v1/accounts/{account}/margin", "/api/v1/accounts/{account}/greeks");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        if (components.getSchemas() != null) {
            components.getSchemas().values().forEach(OpenApiContract::decimalsAsStrings);
            components.getSchemas().values().forEach(OpenApiContract::allowNullWhereNotRequired);
        }
        components.addSchema(DECIMAL_SCHEMA, decimalSchema());
        components.addSchema(PROBLEM_SCHEMA, problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths()
                .getPathItems()
                .forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
                    decimalsAsStrings(operation);
                    declareRefusals(path, method, operation);
                }));
    }

    /**
     * The scanner types a {@code BigDecimal} as a JSON number (a bare {@code number}; a {@code double} carries the
     * format {@code double}), but every decimal travels as a plain decimal string (JsonConfiguration, JsonDecimals).
     */
    private static Schema decimalsAsStrings(Schema schema) {
        if (schema == null) {
            return null;
        }
        if (schema.getRef() == null
                && schema.getFormat() == null
                && List.of(Schema.SchemaType.NUMBER).equals(schema.getType())) {
            return OASFactory.createSchema()
                    .ref("#/components/schemas/" + DECIMAL_SCHEMA)
                    .description(schema.getDescription());
        }
        if (schema.getProperties() != null) {
            Map<String, Schema> properties = new LinkedHashMap<>();
            schema.getProperties().forEach((name, property) -> properties.put(name, decimalsAsStrings(property)));
            schema.setProperties(properties);
        }
        schema.setItems(decimalsAsStrings(schema.getItems()));
        if (schema.getAdditionalPropertiesSchema() != null) {
            schema.setAdditionalPropertiesSchema(decimalsAsStrings(schema.getAdditionalPropertiesSchema()));
        }
        if (schema.getAnyOf() != null) {
            schema.setAnyOf(schema.getAnyOf().stream()
                    .map(OpenApiContract::decimalsAsStrings)
                    .toList());
        }
        if (schema.getOneOf() != null) {
            schema.setOneOf(schema.getOneOf().stream()
                    .map(OpenApiContract::decimalsAsStrings)
                    .toList());
        }
        if (schema.getAllOf() != null) {
            schema.setAllOf(schema.getAllOf().stream()
                    .map(OpenApiContract::decimalsAsStrings)
                    .toList());
        }
        return schema;
    }

    private static void decimalsAsStrings(Operation operation) {
        if (operation.getParameters() != null) {
            operation.getParameters().forEach(p -> p.setSchema(decimalsAsStrings(p.getSchema())));
        }
        if (operation.getRequestBody() != null) {
            decimalsAsStrings(operation.getRequestBody().getContent());
        }
        if (operation.getResponses() != null && operation.getResponses().getAPIResponses() != null) {
            operation.getResponses().getAPIResponses().values().forEach(r -> decimalsAsStrings(r.getContent()));
        }
    }

    private static void decimalsAsStrings(Content content) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(m -> m.setSchema(decimalsAsStrings(m.getSchema())));
        }
    }

    private static Schema decimalSchema() {
        return string("A decimal as a plain string (1280.50), never a JSON number and never in exponent form")
                .pattern("^-?[0-9]+(\\.[0-9]+)?$")
                .examples(List.of("1280.50"));
    }

    /**
     * The statuses the framework and the shared gates answer: who is asking (401, 403) always; a malformed parameter
     * or body (400) where there is one; an object the path or the body names that does not exist or is another member's
     * (404); a
     * body too large (413) or of another media type (415); a change that conflicts with the state it names (409) or
     * that the rules refuse (422, also for any body); an unexpected failure (500); and a database that cannot serve (503).
     */
    private static void declareRefusals(String path, PathItem.HttpMethod method, Operation operation) {
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean hasBody = operation.getRequestBody() != null;
        boolean hasParameters =
                operation.getParameters() != null && !operation.getParameters().isEmpty();
        problem(responses, 401, "No valid bearer token, or a revoked one");
        problem(responses, 403, "The token's roles do not allow this");
        if (hasBody || hasParameters) {
            problem(responses, 400, "A malformed parameter or body; the code names what is wrong");
        }
        if (path.contains("{") || hasBody) {
            problem(responses, 404, "An object the path or the body names does not exist, or is another member's");
        }
        if (CHANGES.contains(method)) {
            problem(responses, 409, "The request conflicts with the state of what it names");
        }
        if (COMPUTES_MARGIN.stream().anyMatch(path::startsWith)
                && !path.startsWith("/api/v1/accounts/{account}/margin/history")) {
            problem(responses, 409, "The active scenario set has no history for an underlying the account holds");
            problem(responses, 422, "The active schedule assigns no liquidity tier to an underlying the account holds");
        }
        if (CHANGES.contains(method) || hasBody) {
            problem(responses, 422, "Well-formed, but refused by the rules; the code names which");
        }
        if (hasBody) {
            problem(responses, 413, "The body is larger than the endpoint accepts");
            problem(responses, 415, "The body is not JSON");
        }
        problem(responses, 500, "An unexpected failure; the detail gives an incident id to quote");
        problem(responses, 503, "The database cannot serve now; retry later");
        for (Map.Entry<String, APIResponse> answer : responses.getAPIResponses().entrySet()) {
            int status = Integer.parseInt(answer.getKey());
            if (status >= 400) {
                answer.getValue().setContent(problemContent());
            } else if (status == 201 && !CREATED_WITHOUT_LOCATION.contains(method + " " + path)) {
                answer.getValue()
                        .addHeader(
                                "Location",
                                OASFactory.createHeader()
                                        .required(true)
                                        .description("The address of what was created (or of the list that holds it)")
                                        .schema(OASFactory.createSchema()
                                                .addType(Schema.SchemaType.STRING)
                                                .format("uri-reference")));
            }
        }
    }

    /** Declares {@code status} as a problem unless the operation already does (with its own description). */
    private static void problem(APIResponses responses, int status, String description) {
        String key = Integer.toString(status);
        APIResponse declared = responses.getAPIResponse(key);
        // the framework's own defaults ("Not Authorized", "Bad Request") say less than ours
        if (declared == null || declared.getContent() == null) {
            responses.addAPIResponse(key, OASFactory.createAPIResponse().description(description));
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent()
                .addMediaType(
                        Problem.MEDIA_TYPE,
                        OASFactory.createMediaType()
                                .schema(OASFactory.createSchema().ref("#/components/schemas/" + PROBLEM_SCHEMA)));
    }

    /** The {@link Problem} record as it leaves: {@code code} is one of {@link ProblemCode}, absent members are left out. */
    private static Schema problemSchema() {
        List<Object> codes = new ArrayList<>();
        Arrays.stream(ProblemCode.values()).forEach(c -> codes.add(c.name()));
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("An RFC 7807 problem: a client branches on code, never on detail")
                .addProperty("type", string("The problem's URI, one per code").format("uri"))
                .addProperty("title", string("The HTTP status's phrase"))
                .addProperty(
                        "status",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .format("int32")
                                .description("The HTTP status, the one the code always comes with"))
                .addProperty("code", string("The stable code").enumeration(codes))
                .addProperty("detail", string("For people: what was wrong with this request"))
                .addProperty("instance", string("The occurrence, where one is named"))
                .addProperty(
                        "problems",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.ARRAY)
                                .description("Each of several independent problems, when a request has them"))
                .required(List.of("type", "title", "status", "code"))
                .additionalPropertiesBoolean(false);
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }

    /**
     * Jackson writes a missing value as {@code null}: a property a schema does not require may be null, and the document
     * says so (a referenced schema becomes "that or null").
     */
    private static void allowNullWhereNotRequired(Schema schema) {
        if (schema.getProperties() == null) {
            return;
        }
        List<String> required = schema.getRequired() == null ? List.of() : schema.getRequired();
        Map<String, Schema> properties = new LinkedHashMap<>();
        schema.getProperties()
                .forEach((name, property) ->
                        properties.put(name, required.contains(name) ? property : nullable(property)));
        schema.setProperties(properties);
    }

    private static Schema nullable(Schema property) {
        if (property.getRef() != null) {
            return OASFactory.createSchema()
                    .anyOf(List.of(property, OASFactory.createSchema().addType(Schema.SchemaType.NULL)));
        }
        if (property.getType() != null
                && !property.getType().isEmpty()
                && !property.getType().contains(Schema.SchemaType.NULL)) {
            property.addType(Schema.SchemaType.NULL);
        }
        return property;
    }
}
