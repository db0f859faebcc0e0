package io.concordia.clearing.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Holds every response the test suite receives to the application's own OpenAPI document ({@code /q/openapi}): the
 * status must be one the operation declares, the media type one that status declares, and a JSON body must match
 * its schema. Installed for every {@code @QuarkusTest} before each test (registered as a
 * {@link QuarkusTestBeforeEachCallback}), so a response the document does not describe fails the test that received
 * it, naming the operation, the status and the violation. Requests to paths or methods the document does not list
 * (probes, console pages, deliberately wrong methods) are not the API's and pass unchecked.
 */
public final class OpenApiValidation implements Filter, QuarkusTestBeforeEachCallback {

    private static final OpenApiValidation FILTER = new OpenApiValidation();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, Optional<Document>> DOCUMENTS = new ConcurrentHashMap<>();

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        if (!RestAssured.filters().contains(FILTER)) {
            RestAssured.filters(FILTER);
        }
    }

    @Override
    public Response filter(
            FilterableRequestSpecification request, FilterableResponseSpecification expected, FilterContext context) {
        Response response = context.next(request, expected);
        URI uri = URI.create(request.getURI());
        Optional<Document> document =
                DOCUMENTS.computeIfAbsent(uri.getScheme() + "://" + uri.getAuthority(), Document::fetch);
        if (document.isPresent()) {
            List<String> violations = document.get()
                    .violations(
                            request.getMethod(),
                            uri.getRawPath(),
                            response.statusCode(),
                            response.contentType(),
                            response.asString());
            if (!violations.isEmpty()) {
                throw new AssertionError("the response breaks the OpenAPI document: " + String.join("; ", violations));
            }
        }
        return response;
    }

    /** The OpenAPI document of one running application, with its operations' paths as patterns. */
    public static final class Document {

        private final JsonNode document;
        private final List<Template> templates = new ArrayList<>();
        private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

        private record Template(String path, Pattern pattern, int parameters) {}

        public Document(String json) {
            try {
                document = JSON.readTree(json);
            } catch (IOException e) {
                throw new IllegalArgumentException("the OpenAPI document is not JSON", e);
            }
            document.path("paths").fieldNames().forEachRemaining(path -> {
                String regex = Pattern.quote(path).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
                templates.add(new Template(path, Pattern.compile(regex), path.split("\\{", -1).length - 1));
            });
            // a literal segment wins over a parameter: /schedules/active before /schedules/{version}
            templates.sort(Comparator.comparingInt(Template::parameters));
        }

        private static Optional<Document> fetch(String base) {
            try {
                HttpResponse<String> answer = HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/q/openapi?format=json"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                // an application that serves no document (a profile that switches it off) is not checked
                return answer.statusCode() == 200 ? Optional.of(new Document(answer.body())) : Optional.empty();
            } catch (IOException e) {
                return Optional.empty();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        public JsonNode json() {
            return document;
        }

        /** What is wrong with this answer to {@code method path} by the document; nothing for what it does not list. */
        public List<String> violations(String method, String path, int status, String contentType, String body) {
            String operationPath = templates.stream()
                    .filter(t -> t.pattern().matcher(path).matches())
                    .map(Template::path)
                    .findFirst()
                    .orElse(null);
            String verb = method.toLowerCase(Locale.ROOT);
            if (operationPath == null
                    || !document.path("paths").path(operationPath).has(verb)) {
                return List.of();
            }
            String operation = method + " " + operationPath;
            List<String> violations = new ArrayList<>();
            JsonNode responses =
                    document.path("paths").path(operationPath).path(verb).path("responses");
            JsonNode declared = responses.has(Integer.toString(status))
                    ? responses.get(Integer.toString(status))
                    : responses.get("default");
            if (declared == null) {
                violations.add(operation + " answered " + status + ", a status it does not declare (it declares "
                        + String.join(", ", iterable(responses.fieldNames())) + ")" + " with " + clip(body));
                return violations;
            }
            if (body == null || body.isEmpty()) {
                return violations;
            }
            String mediaType = base(contentType);
            JsonNode content = declared.path("content");
            String declaredType = null;
            for (String candidate : iterable(content.fieldNames())) {
                if (base(candidate).equals(mediaType)) {
                    declaredType = candidate;
                }
            }
            if (declaredType == null) {
                violations.add(operation + " answered " + status + " as " + contentType
                        + ", a media type that status does not declare (it declares "
                        + String.join(", ", iterable(content.fieldNames())) + ")");
                return violations;
            }
            if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
                Schema schema = compiled.computeIfAbsent(
                        operation + " " + status + " " + declaredType,
                        key -> schema(
                                content.path(contentTypeKey(content, mediaType)).path("schema")));
                schema.validate(body, InputFormat.JSON)
                        .forEach(error -> violations.add(operation + " answered " + status
                                + " with a body that breaks its schema: " + error + " in " + clip(body)));
            }
            return violations;
        }

        private static String contentTypeKey(JsonNode content, String mediaType) {
            for (String candidate : iterable(content.fieldNames())) {
                if (base(candidate).equals(mediaType)) {
                    return candidate;
                }
            }
            throw new IllegalStateException(mediaType);
        }

        /** The operation's schema as a JSON Schema 2020-12 document that carries the schemas its references name. */
        private Schema schema(JsonNode operationSchema) {
            ObjectNode root = JSON.createObjectNode();
            root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
            root.setAll((ObjectNode) operationSchema.deepCopy());
            // the document's components as the schema's own definitions, where JSON Schema looks for them
            root.set("$defs", document.path("components").path("schemas").deepCopy());
            return SCHEMAS.getSchema(root.toString().replace("\"#/components/schemas/", "\"#/$defs/"));
        }
    }

    private static String base(String mediaType) {
        if (mediaType == null) {
            return "";
        }
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon))
                .trim()
                .toLowerCase(Locale.ROOT);
    }

    private static String clip(String body) {
        return body == null || body.length() <= 400 ? String.valueOf(body) : body.substring(0, 400) + "...";
    }

    private static Iterable<String> iterable(Iterator<String> names) {
        return () -> names;
    }
}
