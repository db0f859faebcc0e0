package io.concordia.clearing.common;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.Arrays;

/**
 * Query parameters read strictly, and refused with {@code 400} naming the parameter: left to the framework, a value
 * that does not convert ({@code page=abc}, {@code status=BOGUS}) answers 404 as if the resource did not exist, and
 * {@code open=yes} silently means false. Decimals go through the one decimal gate, {@link Decimals#parse}.
 */
@Provider
public class QueryParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        String name = queryParameterName(annotations);
        if (name == null) {
            return null;
        }
        String what = "query parameter '" + name + "'";
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) converter(s -> (int) integer(s, what, Integer.MIN_VALUE, Integer.MAX_VALUE));
        }
        if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>) converter(s -> integer(s, what, Long.MIN_VALUE, Long.MAX_VALUE));
        }
        if (rawType == Boolean.class || rawType == boolean.class) {
            return (ParamConverter<T>) converter(s -> switch (s) {
                case "true" -> true;
                case "false" -> false;
                default -> throw invalid(what, s, "true or false");
            });
        }
        if (rawType == BigDecimal.class) {
            return (ParamConverter<T>) converter(s -> Decimals.parse(s, what));
        }
        if (rawType.isEnum()) {
            Class<? extends Enum> type = (Class<? extends Enum>) rawType;
            String allowed = String.join(
                    ", ", Arrays.stream(type.getEnumConstants()).map(Enum::name).toList());
            return (ParamConverter<T>) converter(s -> {
                for (Enum<?> e : type.getEnumConstants()) {
                    if (e.name().equals(s)) {
                        return e;
                    }
                }
                throw invalid(what, s, "one of " + allowed);
            });
        }
        return null;
    }

    private static String queryParameterName(Annotation[] annotations) {
        if (annotations != null) {
            for (Annotation a : annotations) {
                if (a instanceof QueryParam q) {
                    return q.value();
                }
            }
        }
        return null;
    }

    private static long integer(String s, String what, long min, long max) {
        if (s.isEmpty() || s.length() > 20 || !s.matches("-?[0-9]+")) {
            throw invalid(what, s, "an integer");
        }
        try {
            long v = Long.parseLong(s);
            if (v < min || v > max) {
                throw invalid(what, s, "an integer between " + min + " and " + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw invalid(what, s, "an integer between " + min + " and " + max);
        }
    }

    private static ApiProblem invalid(String what, String value, String expected) {
        return ApiProblem.of(
                ProblemCode.INVALID_PARAMETER,
                what + " must be " + expected + ", was '" + Text.printable(Decimals.abbreviate(value)) + "'");
    }

    private interface Parse<T> {
        T parse(String s);
    }

    private static <T> ParamConverter<T> converter(Parse<T> parse) {
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                return value == null ? null : parse.parse(value);
            }

            @Override
            public String toString(T value) {
                return String.valueOf(value);
            }
        };
    }
}
