package io.concordia.simulator;

/**
 * The little JSON the records need: flat objects of string members. Strings are escaped per RFC 8259: quotation
 * mark, reverse solidus and the control characters U+0000–U+001F are escaped ({@code \b \f \n \r \t} by name, the
 * others as {@code \}{@code u00XX}); everything else, non-ASCII included, is written as is (the output is UTF-8).
 * U+2028/U+2029 are escaped too so a line can be pasted into JavaScript.
 */
public final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /** {@code value} as a JSON string literal, quotes included. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2);
        appendQuoted(out, value);
        return out.toString();
    }

    /** Appends {@code value} as a JSON string literal, quotes included. */
    public static StringBuilder appendQuoted(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0, n = value.length(); i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                                .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Builds a flat JSON object of string members, in insertion order. */
    static final class ObjectWriter {
        private final StringBuilder out = new StringBuilder(224).append('{');

        ObjectWriter field(String name, String value) {
            if (out.length() > 1) {
                out.append(',');
            }
            appendQuoted(out, name).append(':');
            appendQuoted(out, value);
            return this;
        }

        @Override
        public String toString() {
            return out + "}";
        }
    }
}
