package io.concordia.clearing.adversarial;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded mutations of a valid JSON body, as a hostile client or venue would send them: keys given twice, odd and huge
 * numbers, control characters, wrong types, unknown and missing fields, deep nesting, truncation and stray bytes.
 * Bodies are built from {@link #obj} pairs (so that a key can appear twice) and written out here.
 */
final class JsonMutator {

    /** Literal JSON text, written as is. */
    record Raw(String json) {}

    /** An object as an ordered list of key-value pairs, which may repeat a key. */
    record Obj(List<Map.Entry<String, Object>> pairs) {}

    /** Values that no valid request carries, or carries only at the edge. */
    static final List<String> ODD_VALUES = List.of(
            "\"1e10000000\"",
            "1e10000000",
            "\"1e400\"",
            "1e400",
            "1E-400",
            "\"123456789012345678901234567890\"",
            "123456789012345678901234567890",
            "\"1e20\"",
            "1e19",
            "\"99999999999999999999\"",
            "\"99999999999999999999.999999999999999999\"",
            "\"0.000000000000000001\"",
            "\"-1\"",
            "-1",
            "0",
            "\"0\"",
            "\"-0\"",
            "\"NaN\"",
            "NaN",
            "\"Infinity\"",
            "-Infinity",
            "\"0x10\"",
            "\"1_000\"",
            "\" 1\"",
            "\"1.\"",
            "\".5\"",
            "\"+1\"",
            "1.5",
            "2.5",
            "\"2\"",
            "true",
            "false",
            "null",
            "[]",
            "{}",
            "\"\"",
            "\"   \"",
            "\"\\u0000\"",
            "\"a\\u0000b\"",
            "\"\\u001b[2J\"",
            "\"\\ud800\"",
            "\"\\udc00x\"",
            "\"\\u0085\"",
            "\"\\u00e9t\\u00e9 \\ud83d\\ude00\"",
            "\"9999-12-31\"",
            "\"+999999999-12-31\"",
            "\"2026-13-45\"",
            "\"+1000000-01-01T00:00:00Z\"",
            "\"-1000000000-01-01T00:00:00Z\"",
            "\"1970-01-01T00:00:00Z\"",
            "9223372036854775808",
            "-9223372036854775809",
            "2147483648",
            "1e308",
            "\"dlq\"",
            "\"CCP\"",
            "\"CCP-DM\"",
            "\"synthetic-1\"",
            "\"USD\"",
            "\"BTC\"",
            "[\"1\"]",
            "{\"a\":1}",
            "\"" + "x".repeat(300) + "\"",
            "\"" + "9".repeat(70) + "\"");

    private final Random random;

    JsonMutator(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    static Obj obj(Object... keysAndValues) {
        List<Map.Entry<String, Object>> pairs = new ArrayList<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            pairs.add(Map.entry((String) keysAndValues[i], keysAndValues[i + 1]));
        }
        return new Obj(pairs);
    }

    /** One to three mutations of {@code body}, written out; now and then a mutation of the whole text instead. */
    String mutate(Obj body) {
        Obj copy = (Obj) copy(body);
        int n = 1 + random.nextInt(3);
        for (int i = 0; i < n; i++) {
            mutateStructure(copy);
        }
        String text = write(copy);
        return random.nextInt(6) == 0 ? mutateText(text) : text;
    }

    private void mutateStructure(Obj root) {
        List<Obj> objects = new ArrayList<>();
        collect(root, objects);
        Obj target = objects.get(random.nextInt(objects.size()));
        List<Map.Entry<String, Object>> pairs = target.pairs();
        int at = pairs.isEmpty() ? 0 : random.nextInt(pairs.size());
        switch (random.nextInt(9)) {
            case 0 -> { // a key given twice, with an odd or the same value
                if (!pairs.isEmpty()) {
                    Map.Entry<String, Object> p = pairs.get(at);
                    pairs.add(
                            random.nextInt(pairs.size() + 1),
                            Map.entry(p.getKey(), random.nextBoolean() ? p.getValue() : odd()));
                }
            }
            case 1, 2, 3 -> { // an odd value
                if (!pairs.isEmpty()) {
                    pairs.set(at, Map.entry(pairs.get(at).getKey(), odd()));
                }
            }
            case 4 -> { // a control character inside a string
                if (!pairs.isEmpty() && pairs.get(at).getValue() instanceof String s) {
                    int pos = random.nextInt(s.length() + 1);
                    char c = (char) (random.nextBoolean() ? random.nextInt(0x20) : 0x7F + random.nextInt(0x21));
                    pairs.set(at, Map.entry(pairs.get(at).getKey(), s.substring(0, pos) + c + s.substring(pos)));
                }
            }
            case 5 ->
                pairs.add(Map.entry(random.nextBoolean() ? "extra" : "quantity\u0000", odd())); // an unknown field
            case 6 -> { // a missing field
                if (!pairs.isEmpty()) {
                    pairs.remove(at);
                }
            }
            case 7 -> { // deep nesting
                if (!pairs.isEmpty()) {
                    int depth = random.nextBoolean() ? 5 : 2_000;
                    boolean arrays = random.nextBoolean();
                    String value = (arrays ? "[" : "{\"a\":").repeat(depth) + "1" + (arrays ? "]" : "}").repeat(depth);
                    pairs.set(at, Map.entry(pairs.get(at).getKey(), new Raw(value)));
                }
            }
            default -> { // a wrong type: the value inside an array or as an object
                if (!pairs.isEmpty()) {
                    Object v = pairs.get(at).getValue();
                    pairs.set(
                            at, Map.entry(pairs.get(at).getKey(), random.nextBoolean() ? List.of(v) : obj("value", v)));
                }
            }
        }
    }

    private String mutateText(String text) {
        switch (random.nextInt(5)) {
            case 0:
                return text.substring(0, random.nextInt(text.length() + 1)); // truncated
            case 1: { // a stray character
                int pos = random.nextInt(text.length() + 1);
                String stray = String.valueOf("{}[],:\"\\\u0000\u00ff\u2028x1".charAt(random.nextInt(12)));
                return text.substring(0, pos) + stray + text.substring(pos);
            }
            case 2:
                return List.of("", "null", "[]", "{}", "\"x\"", "1", "[{}]", "{\"\":1}")
                        .get(random.nextInt(8));
            case 3:
                return text + text; // trailing tokens
            default:
                return text.replace("\"", random.nextBoolean() ? "'" : ""); // not JSON at all
        }
    }

    private Raw odd() {
        return new Raw(ODD_VALUES.get(random.nextInt(ODD_VALUES.size())));
    }

    private static void collect(Object node, List<Obj> out) {
        if (node instanceof Obj o) {
            out.add(o);
            o.pairs().forEach(p -> collect(p.getValue(), out));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collect(v, out));
        }
    }

    private static Object copy(Object node) {
        if (node instanceof Obj o) {
            List<Map.Entry<String, Object>> pairs = new ArrayList<>();
            o.pairs().forEach(p -> pairs.add(Map.entry(p.getKey(), copy(p.getValue()))));
            return new Obj(pairs);
        }
        if (node instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            list.forEach(v -> out.add(copy(v)));
            return out;
        }
        return node;
    }

    /** The JSON text; strings with every control character escaped as JSON requires. */
    static String write(Object node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private static void write(Object node, StringBuilder out) {
        if (node instanceof Raw raw) {
            out.append(raw.json());
        } else if (node instanceof String s) {
            string(s, out);
        } else if (node instanceof Obj o) {
            out.append('{');
            for (int i = 0; i < o.pairs().size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(o.pairs().get(i).getKey(), out);
                out.append(':');
                write(o.pairs().get(i).getValue(), out);
            }
            out.append('}');
        } else if (node instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(list.get(i), out);
            }
            out.append(']');
        } else {
            out.append(node); // numbers, booleans, null
        }
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
