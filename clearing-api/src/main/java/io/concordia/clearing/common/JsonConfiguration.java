package io.concordia.clearing.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializerBase;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON as the REST contract states it, for every body Concordia reads: money and quantities are decimal strings (never
 * binary floating point on the wire) bounded by {@link Decimals#parse}; every string passes {@link Text#check}; a key
 * given twice, an unknown property, a string or fraction where an integer belongs, a number where an enum belongs are
 * all refused rather than guessed at; absurdly long numbers are refused by the parser itself.
 */
@Singleton
public class JsonConfiguration implements ObjectMapperCustomizer {

    /** The parser's own limit, the same as the decimal gate's. */
    static final int MAX_NUMBER_LENGTH = Decimals.MAX_TEXT_LENGTH;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        mapper.configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true);
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        mapper.configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);
        // last-wins would let {"quantity":"1","quantity":"9999999"} mean what a reviewer of the first key did not see
        mapper.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .build());
        // an integer is a JSON integer: "2" and 2.5 are not a scale
        mapper.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        SimpleModule module = new SimpleModule("concordia-input");
        module.addSerializer(BigDecimal.class, new ToStringSerializerBase(BigDecimal.class) {
            @Override
            public String valueToString(Object value) {
                return ((BigDecimal) value).toPlainString();
            }
        });
        module.addDeserializer(BigDecimal.class, new BoundedDecimal());
        module.addDeserializer(String.class, new CheckedString());
        module.addKeyDeserializer(String.class, new CheckedKey());
        mapper.registerModule(module);
    }

    /** A decimal from a JSON string or number, through the one decimal gate. */
    static final class BoundedDecimal extends StdScalarDeserializer<BigDecimal> {

        BoundedDecimal() {
            super(BigDecimal.class);
        }

        @Override
        public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                return Decimals.parse(p.getText(), fieldOf(p));
            }
            return (BigDecimal) ctxt.handleUnexpectedToken(BigDecimal.class, p);
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Float;
        }
    }

    /** A string as Jackson reads it, then through {@link Text#check}. */
    static final class CheckedString extends StdScalarDeserializer<String> {

        CheckedString() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String s = StringDeserializer.instance.deserialize(p, ctxt);
            return s == null ? null : Text.check(s, fieldOf(p));
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }
    }

    /**
     * A free-form JSON tree in a request body (a margin schedule drafted in full), through the same gates as a typed body:
     * every key and string through {@link Text#check}, every number through {@link Decimals#parse}. Put on the field with
     * {@code @JsonDeserialize(using = CheckedTree.class)}; trees read from storage are not checked.
     */
    public static final class CheckedTree extends StdDeserializer<JsonNode> {

        public CheckedTree() {
            super(JsonNode.class);
        }

        @Override
        public JsonNode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String at = fieldOf(p);
            JsonNode tree = ctxt.readTree(p);
            check(tree, at);
            return tree;
        }

        private static void check(JsonNode node, String at) {
            if (node.isTextual()) {
                Text.check(node.textValue(), at);
            } else if (node.isNumber()) {
                Decimals.parse(node.asText(), at);
            } else if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = fields.next();
                    String name = at + "." + Text.printable(Decimals.abbreviate(f.getKey()));
                    Text.check(f.getKey(), "a key of " + at);
                    check(f.getValue(), name);
                }
            } else if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    check(node.get(i), at + "[" + i + "]");
                }
            }
        }
    }

    /** A map key (a product symbol, an underlying) through {@link Text#check}. */
    static final class CheckedKey extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) {
            return Text.check(key, "a key of " + fieldOf(ctxt.getParser()));
        }
    }

    /**
     * The key named twice in an object, if that is what the parser refused ({@link JsonParser.Feature#STRICT_DUPLICATE_DETECTION})
     * — directly or under the mapping exception of an enclosing list or map — clipped and printable; null for any other failure.
     */
    public static String duplicateKey(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t instanceof StreamReadException read ? read.getOriginalMessage() : null;
            if (message != null && message.startsWith("Duplicate field '") && message.endsWith("'")) {
                return Text.printable(
                        Decimals.abbreviate(message.substring("Duplicate field '".length(), message.length() - 1)));
            }
        }
        return null;
    }

    /** Whether the parser refused a number longer than {@link #MAX_NUMBER_LENGTH}, directly or under a mapping exception. */
    public static boolean numberTooLong(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof StreamConstraintsException c
                    && c.getOriginalMessage() != null
                    && c.getOriginalMessage().startsWith("Number value length")) {
                return true;
            }
        }
        return false;
    }

    /** Where the parser stands, as a client names it: {@code trades[0].quantity}; clipped and printable. */
    public static String fieldOf(JsonParser p) {
        if (p == null) {
            return "the body";
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = p.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + Math.max(c.getCurrentIndex(), 0) + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + Text.printable(Decimals.abbreviate(c.getCurrentName())));
            }
        }
        String path = String.join("", parts);
        if (path.isEmpty()) {
            return "the body";
        }
        return path.startsWith(".") ? path.substring(1) : path;
    }
}
