package io.concordia.clearing.common;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializerBase;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.math.BigDecimal;

/**
 * JSON as the REST contract states it: money and quantities are decimal strings (never binary floating point on
 * the wire), unknown properties are refused, and absurdly long numbers are refused by the parser itself.
 */
@Singleton
public class JsonConfiguration implements ObjectMapperCustomizer {

    /** Longer than any NUMERIC(38, 18) value written out, far shorter than a denial-of-service number. */
    static final int MAX_NUMBER_LENGTH = 64;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
        mapper.configure(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS, true);
        mapper.configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);
        mapper.configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
        mapper.configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false);
        mapper.getFactory().setStreamReadConstraints(
                StreamReadConstraints.builder().maxNumberLength(MAX_NUMBER_LENGTH).build());
        SimpleModule decimals = new SimpleModule("decimal-strings");
        decimals.addSerializer(BigDecimal.class, new ToStringSerializerBase(BigDecimal.class) {
            @Override
            public String valueToString(Object value) {
                return ((BigDecimal) value).toPlainString();
            }
        });
        mapper.registerModule(decimals);
    }
}
