package io.concordia.clearing.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast path for UTC execution times against the general ISO-8601 parser it stands in for: whenever it answers,
 * the general parser accepts the same text with the same instant; it declines everything else.
 */
class JsonFieldsInstantTest {

    @Test
    void shouldReadTheCommonShapesExactlyAsTheGeneralParser() {
        for (String s : new String[] {
            "2026-11-25T21:00:00Z",
            "2013-11-25T00:00:01.5Z",
            "2024-02-29T23:59:59.123456789Z",
            "0001-01-01T00:00:00Z",
            "9999-12-31T23:59:59.999Z",
            "1970-01-01T00:00:00.000001Z"
        }) {
            assertThat(JsonFields.utcInstant(s))
                    .as(s)
                    .isEqualTo(OffsetDateTime.parse(s).toInstant());
        }
    }

    @Test
    void shouldDeclineWhatItDoesNotReadSoThatTheGeneralParserDecides() {
        for (String s : new String[] {
            "2026-11-25T21:00:00+01:00",
            "2026-11-25T21:00Z",
            "2026-02-29T10:00:00Z",
            "2026-13-01T10:00:00Z",
            "2026-11-31T10:00:00Z",
            "2026-11-25T24:00:00Z",
            "2026-11-25T10:60:00Z",
            "2026-11-25T10:00:60Z",
            "2026-11-25T10:00:00.Z",
            "2026-11-25T10:00:00.1234567890Z",
            "2026-11-25 10:00:00Z",
            "2026-11-25T10:00:00z",
            "+2026-11-25T10:00:00Z",
            "0000-01-01T00:00:00Z",
            "2026-1a-25T10:00:00Z",
            "２026-11-25T10:00:00Z"
        }) {
            assertThat(JsonFields.utcInstant(s)).as(s).isNull();
        }
    }

    @Test
    void shouldAgreeWithTheGeneralParserOnSeededRandomTimes() {
        Random random = new Random(20261125);
        char[] alphabet = "0123456789-:.TZ+".toCharArray();
        int answered = 0;
        for (int i = 0; i < 200_000; i++) {
            String s;
            if (random.nextBoolean()) {
                // a valid-looking time with random fields, some out of range
                s = String.format(
                        "%04d-%02d-%02dT%02d:%02d:%02d%sZ",
                        random.nextInt(10_000),
                        random.nextInt(14),
                        random.nextInt(33),
                        random.nextInt(26),
                        random.nextInt(62),
                        random.nextInt(62),
                        random.nextInt(3) == 0
                                ? ""
                                : "."
                                        + Long.toString(Math.abs(random.nextLong()))
                                                .substring(0, 1 + random.nextInt(10)));
            } else {
                // a valid time with one character replaced
                char[] c = Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000))
                        .toString()
                        .toCharArray();
                c[random.nextInt(c.length)] = alphabet[random.nextInt(alphabet.length)];
                s = new String(c);
            }
            Instant fast = JsonFields.utcInstant(s);
            Instant general;
            try {
                general = OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                general = null;
            }
            if (fast != null) {
                answered++;
                assertThat(fast).as(s).isEqualTo(general);
            }
        }
        assertThat(answered).as("times the fast path answered").isGreaterThan(20_000);
    }
}
