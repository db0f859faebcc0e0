package io.concordia.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * The little JSON the records need, written by Jackson's generator: flat objects of string members. Strings are
 * escaped per RFC 8259: quotation mark, reverse solidus and the control characters U+0000–U+001F are escaped
 * ({@code \b \f \n \r \t} by name, the others as {@code \}{@code u00xx}, lower-case hex as the records have always
 * been written); everything else, non-ASCII included, is written as is (the output is UTF-8). U+2028/U+2029 are
 * escaped too so a line can be pasted into JavaScript.
 */
public final class Json {

    private static final JsonFactory FACTORY =
            new JsonFactoryBuilder().characterEscapes(new RecordEscapes()).build();

    private Json() {}

    /** {@code value} as a JSON string literal, quotes included. */
    public static String quote(String value) {
        StringWriter out = new StringWriter(value.length() + 2);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeString(value);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to a string cannot fail", e);
        }
        return out.toString();
    }

    /** Builds a flat JSON object of string members, in insertion order. */
    static final class ObjectWriter {
        private final StringWriter out = new StringWriter(224);
        private final JsonGenerator generator;
        private String written;

        ObjectWriter() {
            try {
                generator = FACTORY.createGenerator(out);
                generator.writeStartObject();
            } catch (IOException e) {
                throw new UncheckedIOException("writing to a string cannot fail", e);
            }
        }

        ObjectWriter field(String name, String value) {
            if (written != null) {
                throw new IllegalStateException("the object is already written: " + written);
            }
            try {
                generator.writeStringField(name, value);
            } catch (IOException e) {
                throw new UncheckedIOException("writing to a string cannot fail", e);
            }
            return this;
        }

        @Override
        public String toString() {
            if (written == null) {
                try {
                    generator.writeEndObject();
                    generator.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("writing to a string cannot fail", e);
                }
                written = out.toString();
            }
            return written;
        }
    }

    /** Jackson's escapes, with lower-case hex for the unnamed control characters and U+2028/U+2029 escaped. */
    private static final class RecordEscapes extends CharacterEscapes {

        private static final long serialVersionUID = 1L;

        private final int[] ascii = standardAsciiEscapesForJSON();

        RecordEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if ("\b\t\n\f\r".indexOf(c) < 0) {
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
            return ch < 0x20 || ch == '\u2028' || ch == '\u2029'
                    ? new SerializedString(String.format("\\u%04x", ch))
                    : null;
        }
    }
}
