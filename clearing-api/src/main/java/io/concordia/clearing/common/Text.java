package io.concordia.clearing.common;

/**
 * Text received from clients and venues: every string of a REST body, path or query, of a Kafka record and of a CSV
 * upload is checked here. Control characters are refused — NUL cannot be stored in PostgreSQL at all, the others have
 * no business in a code, a reference or a reason and could forge log or CSV lines — except tab and line breaks, which
 * free text may carry. So is half of a surrogate pair, which is no character.
 */
public final class Text {

    private Text() {}

    /**
     * {@code text} unchanged if every character is acceptable.
     *
     * @throws ApiProblem {@code 400 INVALID_CHARACTER} naming the field and the first offending character
     */
    public static String check(String text, String field) {
        int bad = firstForbidden(text);
        if (bad >= 0) {
            throw ApiProblem.of(
                    ProblemCode.INVALID_CHARACTER,
                    field + " contains the character U+"
                            + String.format("%04X", (int) text.charAt(bad)) + " at position " + bad
                            + "; control characters (other than tab and line breaks) are not accepted");
        }
        return text;
    }

    /** The index of the first character {@link #check} refuses, or -1. */
    public static int firstForbidden(CharSequence text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (c < 0x20) {
                if (c != '\t' && c != '\n' && c != '\r') {
                    return i;
                }
            } else if (c >= 0x7F && c <= 0x9F) {
                return i;
            } else if (Character.isHighSurrogate(c)) {
                if (i + 1 == n || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return i;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code text} with every control character shown as {@code \\uXXXX}, for quoting client text in a message. */
    public static String printable(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c < 0x20 || (c >= 0x7F && c <= 0x9F) || Character.isSurrogate(c);
            if (control && out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (out != null) {
                if (control) {
                    out.append(String.format("\\u%04X", (int) c));
                } else {
                    out.append(c);
                }
            }
        }
        return out == null ? text : out.toString();
    }
}
