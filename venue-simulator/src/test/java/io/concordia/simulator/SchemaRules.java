package io.concordia.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The subset of JSON Schema that clearing-api's message schemas use (object, required, additionalProperties=false,
 * string properties with pattern, minLength, maxLength and format date-time), applied to a JSON text. The schemas
 * are read from clearing-api's sources, so a change there is checked here.
 */
final class SchemaRules {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Path SCHEMAS = Path.of("..", "clearing-api", "src", "main", "resources", "schemas");

    private final String name;
    private final JsonNode schema;

    private SchemaRules(String name, JsonNode schema) {
        this.name = name;
        this.schema = schema;
    }

    /** The schema {@code <name>.schema.json} of clearing-api. */
    static SchemaRules load(String name) {
        Path file = SCHEMAS.resolve(name + ".schema.json");
        try {
            return new SchemaRules(name, MAPPER.readTree(Files.readString(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath(), e);
        }
    }

    /** The violations of {@code json}; empty if it is valid. */
    List<String> violations(String json) {
        List<String> violations = new ArrayList<>();
        JsonNode node;
        try {
            node = MAPPER.readTree(json);
        } catch (IOException e) {
            return List.of("not JSON: " + e.getMessage());
        }
        if (!node.isObject()) {
            return List.of("not an object");
        }
        for (JsonNode required : schema.get("required")) {
            if (!node.has(required.asText())) {
                violations.add("missing " + required.asText());
            }
        }
        JsonNode properties = schema.get("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode rule = properties.get(field.getKey());
            if (rule == null) {
                if (schema.path("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").asBoolean()) {
                    violations.add("unexpected property " + field.getKey());
                }
                continue;
            }
            check(field.getKey(), field.getValue(), rule, violations);
        }
        return violations;
    }

    private static void check(String property, JsonNode value, JsonNode rule, List<String> violations) {
        if ("string".equals(rule.path("type").asText()) && !value.isTextual()) {
            violations.add(property + " is not a string: " + value);
            return;
        }
        String text = value.asText();
        if (rule.has("pattern")
                && !Pattern.compile(rule.get("pattern").asText()).matcher(text).find()) {
            violations.add(property + " does not match " + rule.get("pattern").asText() + ": " + text);
        }
        if (rule.has("minLength")
                && text.codePointCount(0, text.length()) < rule.get("minLength").asInt()) {
            violations.add(property + " shorter than " + rule.get("minLength").asInt());
        }
        if (rule.has("maxLength")
                && text.codePointCount(0, text.length()) > rule.get("maxLength").asInt()) {
            violations.add(property + " longer than " + rule.get("maxLength").asInt());
        }
        if ("date-time".equals(rule.path("format").asText())) {
            try {
                OffsetDateTime.parse(text);
            } catch (DateTimeParseException e) {
                violations.add(property + " is not an RFC 3339 date-time: " + text);
            }
        }
    }

    @Override
    public String toString() {
        return name + ".schema.json";
    }
}
