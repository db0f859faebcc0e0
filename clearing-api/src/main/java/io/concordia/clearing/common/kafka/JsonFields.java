package io.concordia.clearing.common.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.concordia.clearing.common.ApiProblem;
import io.concordia.clearing.common.Decimals;
import io.concordia.clearing.common.JsonConfiguration;
import io.concordia.clearing.common.ProblemCode;
import io.concordia.clearing.common.Text;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * Strict reading of a venue's or custodian's JSON record: an object with exactly the known fields, each given once,
 * decimals as strings (or plain JSON numbers) through the one decimal gate ({@link Decimals#parse}), text without
 * control characters ({@link Text#check}), instants in ISO-8601 with an offset. Every failure names the field.
 */
public final class JsonFields {

    /** The longest identifier or symbol a record may carry. */
    static final int MAX_TEXT_LENGTH = 64;

    private final JsonNode node;

    private JsonFields(JsonNode node) {
        this.node = node;
    }

    public static JsonFields parse(ObjectMapper json, byte[] value, Set<String> known) throws RecordRejected {
        JsonNode node;
        try {
            node = value == null ? null : json.readTree(value);
        } catch (JsonProcessingException e) {
            String duplicate = JsonConfiguration.duplicateKey(e);
            if (duplicate != null) {
                throw new RecordRejected(
                        DeadLetterReason.DUPLICATE_KEY, "field '" + duplicate + "' appears more than once");
            }
            throw new RecordRejected(DeadLetterReason.MALFORMED_JSON, "the record is not valid JSON");
        } catch (IOException e) {
            throw new RecordRejected(DeadLetterReason.MALFORMED_JSON, "the record is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new RecordRejected(DeadLetterReason.MALFORMED_JSON, "the record is not a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new RecordRejected(
                        DeadLetterReason.UNKNOWN_FIELD,
                        "unknown field '" + Text.printable(Decimals.abbreviate(name)) + "'");
            }
        }
        return new JsonFields(node);
    }

    /** A non-empty identifier or symbol of at most 64 characters. */
    public String text(String field) throws RecordRejected {
        return text(field, MAX_TEXT_LENGTH, true);
    }

    /** Text of at most {@code maxLength} characters; null if absent and not {@code required}. */
    public String text(String field, int maxLength, boolean required) throws RecordRejected {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (!required) {
                return null;
            }
            throw new RecordRejected(DeadLetterReason.MISSING_FIELD, "field '" + field + "' is missing");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new RecordRejected(
                    DeadLetterReason.MISSING_FIELD, "field '" + field + "' must be a non-empty string");
        }
        String s = v.asText();
        if (s.length() > maxLength) {
            throw new RecordRejected(
                    DeadLetterReason.OUT_OF_RANGE, "field '" + field + "' is longer than " + maxLength + " characters");
        }
        try {
            return Text.check(s, "field '" + field + "'");
        } catch (ApiProblem e) {
            throw new RecordRejected(DeadLetterReason.INVALID_CHARACTER, e.getMessage());
        }
    }

    /** Whether the record has the field (with any value but null). */
    public boolean has(String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    /** A strictly positive JSON integer that fits a {@code long} (an id). */
    public long positiveInteger(String field) throws RecordRejected {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new RecordRejected(DeadLetterReason.MISSING_FIELD, "field '" + field + "' is missing");
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() <= 0) {
            throw new RecordRejected(
                    DeadLetterReason.INVALID_NUMBER, "field '" + field + "' must be a positive integer");
        }
        return v.asLong();
    }

    /** A strictly positive decimal within NUMERIC(38, 18), read by the one decimal gate. */
    public BigDecimal positiveDecimal(String field) throws RecordRejected {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new RecordRejected(DeadLetterReason.MISSING_FIELD, "field '" + field + "' is missing");
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new RecordRejected(DeadLetterReason.INVALID_NUMBER, "field '" + field + "' is not a decimal number");
        }
        BigDecimal d;
        try {
            d = Decimals.parse(v.asText(), "field '" + field + "'");
        } catch (ApiProblem e) {
            throw new RecordRejected(
                    e.code() == ProblemCode.INVALID_VALUE
                            ? DeadLetterReason.INVALID_NUMBER
                            : DeadLetterReason.OUT_OF_RANGE,
                    e.getMessage());
        }
        if (d.signum() <= 0) {
            throw new RecordRejected(
                    DeadLetterReason.NOT_POSITIVE,
                    "field '" + field + "' must be greater than zero, was " + d.toPlainString());
        }
        return Decimals.plain(d);
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
            throw new RecordRejected(
                    DeadLetterReason.INVALID_TIME,
                    "field '" + field + "' is not an ISO-8601 time with offset: '" + Decimals.abbreviate(s) + "'");
        }
    }

    /**
     * The common shape {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z} read without {@link java.time.format.DateTimeFormatter},
     * which costs several microseconds a record; null for anything else (other offsets, invalid dates), which the
     * general parser then accepts or rejects as before.
     */
    static Instant utcInstant(String s) {
        int n = s.length();
        if (n < 20
                || n > 30
                || s.charAt(n - 1) != 'Z'
                || s.charAt(4) != '-'
                || s.charAt(7) != '-'
                || s.charAt(10) != 'T'
                || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
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
        if ((year | month | day | hour | minute | second | nanos) < 0
                || year < 1
                || month < 1
                || month > 12
                || day < 1
                || day > java.time.YearMonth.of(year, month).lengthOfMonth()
                || hour > 23
                || minute > 59
                || second > 59) {
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
}
