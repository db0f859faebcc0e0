package io.concordia.margin.replication;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/** Typed, path-aware access to parsed JSON; every error names the JSON path and the offending value. */
final class Fields {

    private Fields() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> obj(Object v, String path) {
        if (v instanceof Map<?, ?> m) {
            return (Map<String, Object>) m;
        }
        throw new JsonException(path + ": expected an object, got: " + describe(v));
    }

    @SuppressWarnings("unchecked")
    static List<Object> arr(Object v, String path) {
        if (v instanceof List<?> l) {
            return (List<Object>) l;
        }
        throw new JsonException(path + ": expected an array, got: " + describe(v));
    }

    static Object required(Map<String, Object> m, String key, String path) {
        Object v = m.get(key);
        if (v == null || v == Json.NULL) {
            throw new JsonException(path + "." + key + ": required field is missing");
        }
        return v;
    }

    static boolean has(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v != null && v != Json.NULL;
    }

    static String str(Map<String, Object> m, String key, String path) {
        Object v = required(m, key, path);
        if (v instanceof String s) {
            return s;
        }
        throw new JsonException(path + "." + key + ": expected a string, got: " + describe(v));
    }

    static String optStr(Map<String, Object> m, String key, String path) {
        return has(m, key) ? str(m, key, path) : null;
    }

    static BigDecimal dec(Map<String, Object> m, String key, String path) {
        return dec(required(m, key, path), path + "." + key);
    }

    /** Largest number of integer digits, and of decimal places, accepted in a decimal field. */
    static final int MAX_DIGITS = 40;

    static BigDecimal dec(Object v, String path) {
        BigDecimal d;
        if (v instanceof BigDecimal b) {
            d = b;
        } else if (v instanceof String s) {
            try {
                if (!s.equals(s.trim()) || s.isEmpty()) {
                    throw new NumberFormatException();
                }
                d = new BigDecimal(s);
            } catch (NumberFormatException e) {
                throw new JsonException(path + ": expected a decimal string, got: \"" + s + "\"");
            }
        } else {
            throw new JsonException(path + ": expected a decimal string, got: " + describe(v));
        }
        if (d.precision() - d.scale() > MAX_DIGITS || d.scale() > MAX_DIGITS) {
            throw new JsonException(path + ": decimal out of range (at most " + MAX_DIGITS + " integer digits and "
                    + MAX_DIGITS + " decimal places), got: " + d);
        }
        return d;
    }

    static double num(Object v, String path) {
        if (v instanceof BigDecimal d) {
            double x = d.doubleValue();
            if (!Double.isFinite(x)) {
                throw new JsonException(path + ": number must be finite as a double, got: " + d);
            }
            return x;
        }
        throw new JsonException(path + ": expected a finite number, got: " + describe(v));
    }

    static void allowed(Map<String, Object> m, String path, String... keys) {
        Set<String> ok = Set.of(keys);
        for (String k : m.keySet()) {
            if (!ok.contains(k)) {
                throw new JsonException(
                        path + ": unknown field \"" + k + "\" (allowed: " + new TreeSet<>(Arrays.asList(keys)) + ")");
            }
        }
    }

    static <T> T at(String path, Supplier<T> s) {
        try {
            return s.get();
        } catch (JsonException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new JsonException(path + ": " + e.getMessage());
        }
    }

    static String describe(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v == Json.NULL) {
            return "null";
        }
        if (v instanceof String s) {
            return "string \"" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "\"";
        }
        if (v instanceof BigDecimal d) {
            return "number " + d.toPlainString();
        }
        if (v instanceof Map) {
            return "an object";
        }
        if (v instanceof List) {
            return "an array";
        }
        return String.valueOf(v);
    }
}
