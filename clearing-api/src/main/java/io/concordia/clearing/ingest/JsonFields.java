package io.concordia.clearing.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.concordia.clearing.trade.DeadLetterReason;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * Strict reading of a venue's JSON record: an object with exactly the known fields, decimals as strings (or
 * plain JSON numbers), instants in ISO-8601 with an offset. Every failure names the field.
 */
public final class JsonFields {

    /** NUMERIC(38, 18): at most 20 integer digits and 18 decimals. Anything larger is absurd, not a trade. */
    static final int MAX_INTEGER_DIGITS = 20;
    static final int MAX_DECIMALS = 18;

    private final JsonNode node;

    private JsonFields(JsonNode node) {
        this.node = node;
    }

    public static JsonFields parse(ObjectMapper json, byte[] value, Set<String> known) throws RecordRejected {
        JsonNode node;
        try {
            node = value == null ? null : json.readTree(value);
        } catch (IOException e) {
            throw new RecordRejected(DeadLetterReason.MALFORMED_JSON, "the record is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new RecordRejected(DeadLetterReason.MALFORMED_JSON, "the record is not a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new RecordRejected(DeadLetterReason.UNKNOWN_FIELD, "unknown field '" + name + "'");
            }
        }
        return new JsonFields(node);
    }

    public String text(String field) throws RecordRejected {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new RecordRejected(DeadLetterReason.MISSING_FIELD, "field '" + field + "' is missing");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new RecordRejected(DeadLetterReason.MISSING_FIELD, "field '" + field + "' must be a non-empty string");
        }
        String s = v.asText();
        if (s.length() > 64) {
            throw new RecordRejected(DeadLetterReason.OUT_OF_RANGE, "field '" + field + "' is longer than 64 characters");
        }
        return s;
    }

    /** A strictly positive decimal within NUMERIC(38, 18). */
    public BigDecimal positiveDecimal(String field) throws RecordRejected {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new RecordRejected(DeadLetterReason.MISSING_FIELD, "field '" + field + "' is missing");
        }
        BigDecimal d;
        if (v.isTextual()) {
            try {
                d = new BigDecimal(v.asText().trim());
            } catch (NumberFormatException e) {
                throw new RecordRejected(DeadLetterReason.INVALID_NUMBER, "field '" + field + "' is not a decimal number: '"
                        + abbreviate(v.asText()) + "'");
            }
        } else if (v.isNumber()) {
            d = v.decimalValue();
        } else {
            throw new RecordRejected(DeadLetterReason.INVALID_NUMBER, "field '" + field + "' is not a decimal number");
        }
        if (d.signum() <= 0) {
            throw new RecordRejected(DeadLetterReason.NOT_POSITIVE, "field '" + field + "' must be greater than zero, was "
                    + abbreviate(d.toString()));
        }
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.precision() - stripped.scale() > MAX_INTEGER_DIGITS || stripped.scale() > MAX_DECIMALS) {
            throw new RecordRejected(DeadLetterReason.OUT_OF_RANGE, "field '" + field + "' is out of range: "
                    + abbreviate(d.toString()));
        }
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public Instant instant(String field) throws RecordRejected {
        String s = text(field);
        Instant fast = utcInstant(s);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw new RecordRejected(DeadLetterReason.INVALID_TIME, "field '" + field + "' is not an ISO-8601 time with offset: '"
                    + abbreviate(s) + "'");
        }
    }

    /**
     * The common shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} read without {@link java.time.format.DateTimeFormatter},
     * which costs several microseconds a record; null for anything else (other offsets, invalid dates), which the
     * general parser then accepts or rejects as before.
     */
    static Instant utcInstant(String s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        int hour = digits(s, 11, 13);
        int minute = digits(s, 14, 16);
        int second = digits(s, 17, 19);
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21; // digits between '.' and 'Z'
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(s, 20, n - 1);
            for (int i = fraction; i < 9 && nanos >= 0; i++) {
                nanos *= 10;
            }
        }
        if ((year | month | day | hour | minute | second | nanos) < 0 || year < 1 || month < 1 || month > 12 || day < 1
                || day > java.time.YearMonth.of(year, month).lengthOfMonth() || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        long days = java.time.LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The decimal digits of s[from, to), or -1 if any is not an ASCII digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
