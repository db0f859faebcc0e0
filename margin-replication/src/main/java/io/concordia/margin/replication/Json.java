package io.concordia.margin.replication;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.PrettyPrinter;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Strict JSON (RFC 8259) in the replication format's layout, on Jackson's streaming parser and generator.
 *
 * <p>Reading gives {@code Map<String, Object>} (insertion-ordered) for objects, {@code List<Object>} for arrays,
 * {@link String}, {@link BigDecimal} for every number (exact, never a double), {@link Boolean}, and {@link #NULL}
 * for {@code null}. It rejects, with the line and column: trailing content, duplicate keys, leading zeros,
 * {@code NaN}/{@code Infinity}, unescaped control characters, bad escapes, trailing commas, and nesting deeper
 * than 64.
 *
 * <p>Writing accepts the same types plus {@link Double}/{@link Integer}/{@link Long} (finite doubles only) and
 * prints with a one-space indent, arrays of scalars on one line: the layout every published result and scenario set
 * has, which members compare byte for byte.
 */
public final class Json {

    /** The JSON {@code null} value. */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .characterEscapes(new ControlCharacterEscapes())
            .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private static final String VALUE = "expected a value (object, array, string, number, true, false or null)";

    /** Jackson's reasons, first match wins, and what the format's messages have always called them. */
    private static final List<Map.Entry<String, String>> REASONS = List.of(
            Map.entry("double-quote to start field name", "expected a string key"),
            Map.entry("was expecting a colon", "expected ':'"),
            Map.entry("comma to separate Object entries", "expected '}'"),
            Map.entry("close marker for Object", "expected '}'"),
            Map.entry("comma to separate Array entries", "expected ']'"),
            Map.entry("close marker for Array", "expected ']'"),
            Map.entry("Leading zeroes not allowed", "leading zero in number"),
            Map.entry("Decimal point not followed by a digit", "expected digits after the decimal point"),
            Map.entry("Exponent indicator not followed by a digit", "expected digits in the exponent"),
            Map.entry("digit for number exponent", "expected digits in the exponent"),
            Map.entry("plus signs", VALUE),
            Map.entry("hex-digit for character escape", "bad \\u escape"),
            Map.entry("in character escape sequence", "unterminated escape"),
            Map.entry("closing quote for a string value", "unterminated string"),
            Map.entry("end-of-input in field name", "unterminated string"),
            Map.entry("Illegal unquoted character", "unescaped control character in string"),
            Map.entry("in numeric value", "bad number"),
            Map.entry("No digit following", "bad number"),
            Map.entry("Invalid numeric value", "bad number"),
            Map.entry("end-of-input within/between", "expected a value"),
            Map.entry("expected a valid value", VALUE),
            Map.entry("Illegal character", VALUE),
            Map.entry("Unexpected end-of-input", "unexpected end of input"));

    private static final Pattern BAD_ESCAPE = Pattern.compile("Unrecognized character escape '(.)'");
    private static final Pattern BAD_CLOSE = Pattern.compile("Unexpected close marker '.': (?:expected '(.)'|no open)");
    private static final Pattern BAD_TOKEN = Pattern.compile("(?:Unrecognized|Non-standard) token '([^']*)'");

    private final String text;
    private final JsonParser parser;
    /** Where the token being read starts to be looked for: the end of the last one read. */
    private int from;

    private Json(String text, JsonParser parser) {
        this.text = text;
        this.parser = parser;
    }

    /**
     * Parses one JSON document.
     *
     * @param text the document
     * @return the value
     * @throws JsonException with line and column if the text is not exactly one well-formed JSON value
     */
    public static Object parse(String text) {
        if (text == null) {
            throw new JsonException("JSON input must not be null");
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            Json reader = new Json(text, p);
            JsonToken first = reader.next();
            if (first == null) {
                throw new JsonException("empty input: expected a JSON value");
            }
            Object value = reader.value(first, 0);
            JsonToken after;
            try {
                after = reader.next();
            } catch (JsonException e) {
                after = JsonToken.NOT_AVAILABLE;
            }
            if (after != null) {
                throw reader.error("unexpected content after the JSON value");
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
    }

    private JsonToken next() throws IOException {
        from = (int) parser.currentLocation().getCharOffset();
        try {
            return parser.nextToken();
        } catch (StreamReadException e) {
            throw error(e);
        }
    }

    private Object value(JsonToken token, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
                    String key = parser.currentName();
                    int keyAt = from;
                    Object v = value(next(), depth + 1);
                    if (m.containsKey(key)) {
                        from = keyAt;
                        throw error("duplicate key \"" + key + "\"");
                    }
                    m.put(key, v);
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken t = next(); t != JsonToken.END_ARRAY; t = next()) {
                    l.add(value(t, depth + 1));
                }
                return l;
            }
            case VALUE_STRING -> {
                try {
                    return parser.getText();
                } catch (StreamReadException e) {
                    throw error(e);
                }
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                try {
                    return parser.getDecimalValue();
                } catch (NumberFormatException | ArithmeticException | StreamReadException e) {
                    throw error("number out of range");
                }
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return NULL;
            }
            default -> throw error("expected a value (object, array, string, number, true, false or null)");
        }
    }

    /** The format's wording for what Jackson found wrong. */
    private static String reason(String jackson) {
        Matcher escape = BAD_ESCAPE.matcher(jackson);
        if (escape.find()) {
            return "bad escape '\\" + escape.group(1) + "'";
        }
        Matcher token = BAD_TOKEN.matcher(jackson);
        if (token.find()) {
            String word = token.group(1);
            for (String literal : List.of("true", "false", "null")) {
                if (!word.isEmpty() && literal.charAt(0) == word.charAt(0) && !literal.equals(word)) {
                    return "expected '" + literal + "'";
                }
            }
            return VALUE;
        }
        Matcher close = BAD_CLOSE.matcher(jackson);
        if (close.find()) {
            return close.group(1) == null ? VALUE : "expected '" + close.group(1) + "'";
        }
        for (Map.Entry<String, String> r : REASONS) {
            if (jackson.contains(r.getKey())) {
                return r.getValue();
            }
        }
        return jackson;
    }

    /** An error at the start of the token being read (after white space and a separator). */
    private JsonException error(String message) {
        int pos = skipWhiteSpace(Math.min(from, text.length()));
        if (pos < text.length() && (text.charAt(pos) == ',' || text.charAt(pos) == ':')) {
            pos = skipWhiteSpace(pos + 1);
        }
        return error(message, pos);
    }

    /** What Jackson refused, where it stopped, or at the start of a word it names when it stopped after it. */
    private JsonException error(StreamReadException e) {
        String jackson = e.getOriginalMessage();
        int pos = e.getLocation() == null
                ? from
                : (int) Math.min(Math.max(0, e.getLocation().getCharOffset()), text.length());
        Matcher token = BAD_TOKEN.matcher(jackson);
        if (token.find()
                && pos >= token.group(1).length()
                && text.startsWith(token.group(1), pos - token.group(1).length())) {
            pos -= token.group(1).length();
        }
        return error(reason(jackson), pos);
    }

    /** An error with the line and column of a position in the text, and the text from there. */
    private JsonException error(String message, int pos) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < pos; i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        String near = pos < text.length()
                ? " near '" + text.substring(pos, Math.min(text.length(), pos + 20)) + "'"
                : " at end of input";
        return new JsonException("malformed JSON at line " + line + ", column " + col + ": " + message + near);
    }

    private int skipWhiteSpace(int pos) {
        while (pos < text.length() && " \t\n\r".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        return pos;
    }

    /**
     * Writes a value as indented JSON.
     *
     * @param value a map, list, string, number, boolean, {@link #NULL} or {@code null}
     * @return the JSON text
     * @throws IllegalArgumentException on a non-finite double or an unsupported type
     */
    public static String write(Object value) {
        StringWriter out = new StringWriter();
        Layout layout = new Layout();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setPrettyPrinter(layout);
            write(g, layout, value);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Layout layout, Object v) throws IOException {
        if (v == null || v == NULL) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("cannot write a non-finite number to JSON, got: " + d);
            }
            g.writeNumber(d);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, layout, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            layout.nextArrayOnOneLine(l.stream().noneMatch(x -> x instanceof Map || x instanceof List));
            g.writeStartArray();
            for (Object x : l) {
                write(g, layout, x);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException("cannot write " + v.getClass().getSimpleName() + " to JSON");
        }
    }

    /**
     * The format's layout: one entry a line indented by one space a level, {@code "key": value}, empty containers as
     * {@code {}} and {@code []}, and an array of scalars on one line as {@code [a, b]} (the writer says which arrays
     * those are before it starts them: a printer cannot look ahead).
     */
    private static final class Layout implements PrettyPrinter {

        private final Deque<Boolean> oneLine = new ArrayDeque<>();
        private boolean nextOneLine;
        private int depth;

        void nextArrayOnOneLine(boolean scalars) {
            nextOneLine = scalars;
        }

        private void newLine(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
            for (int i = 0; i < depth; i++) {
                g.writeRaw(' ');
            }
        }

        @Override
        public void writeRootValueSeparator(JsonGenerator g) {
            // one value a document
        }

        @Override
        public void writeStartObject(JsonGenerator g) throws IOException {
            g.writeRaw('{');
            depth++;
        }

        @Override
        public void beforeObjectEntries(JsonGenerator g) throws IOException {
            newLine(g);
        }

        @Override
        public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(": ");
        }

        @Override
        public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
            g.writeRaw(',');
            newLine(g);
        }

        @Override
        public void writeEndObject(JsonGenerator g, int entries) throws IOException {
            depth--;
            if (entries > 0) {
                newLine(g);
            }
            g.writeRaw('}');
        }

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            oneLine.push(nextOneLine);
            g.writeRaw('[');
            depth++;
        }

        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            if (!oneLine.peek()) {
                newLine(g);
            }
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            if (oneLine.peek()) {
                g.writeRaw(", ");
            } else {
                g.writeRaw(',');
                newLine(g);
            }
        }

        @Override
        public void writeEndArray(JsonGenerator g, int values) throws IOException {
            depth--;
            if (!oneLine.pop() && values > 0) {
                newLine(g);
            }
            g.writeRaw(']');
        }
    }

    /** Control characters other than {@code \n}, {@code \r} and {@code \t} as {@code \}{@code u00xx}, lower-case hex. */
    private static final class ControlCharacterEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;

        private final int[] ascii = standardAsciiEscapesForJSON();

        ControlCharacterEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch < 0x20 ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
