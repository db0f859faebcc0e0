package io.concordia.clearing.margin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.concordia.margin.replication.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/**
 * The replication codec's value trees ({@code ReplicationCodec.requestTree}, {@code resultTree}) as Jackson nodes of
 * the service's responses, without printing them and parsing the text back: the nodes are those the service's
 * {@code ObjectMapper} reads from the codec's text (fractions exact as {@link BigDecimal}, with trailing zeros stripped
 * as its tree reader does; integers the smallest of {@code int}, {@code long} and {@link BigInteger}), so a response
 * shows the numbers it always showed.
 */
final class ReplicationTrees {

    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private ReplicationTrees() {}

    /**
     * The node of one value of a codec tree.
     *
     * @param value a map, list, string, number, boolean, {@link Json#NULL} or {@code null}
     * @param nodes the mapper's node factory
     * @return the node
     * @throws IllegalArgumentException on a value the codec never produces
     */
    static JsonNode of(Object value, JsonNodeFactory nodes) {
        if (value == null || value == Json.NULL) {
            return nodes.nullNode();
        }
        if (value instanceof String s) {
            return nodes.textNode(s);
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (value instanceof Double d) {
            if (!Double.isFinite(d)) {
                throw new IllegalArgumentException("cannot show a non-finite number, got: " + d);
            }
            // printed by Double.toString, which always has a point or an exponent: read back as a fraction
            return fraction(new BigDecimal(Double.toString(d)), nodes);
        }
        if (value instanceof BigDecimal d) {
            // printed plain: a fraction when it has a point, else an integer
            return d.toPlainString().indexOf('.') >= 0 ? fraction(d, nodes) : integer(d.toBigIntegerExact(), nodes);
        }
        if (value instanceof Integer || value instanceof Long) {
            return integer(BigInteger.valueOf(((Number) value).longValue()), nodes);
        }
        if (value instanceof Map<?, ?> m) {
            ObjectNode object = nodes.objectNode();
            m.forEach((k, v) -> object.set(String.valueOf(k), of(v, nodes)));
            return object;
        }
        if (value instanceof List<?> l) {
            ArrayNode array = nodes.arrayNode(l.size());
            l.forEach(v -> array.add(of(v, nodes)));
            return array;
        }
        throw new IllegalArgumentException(
                "not a value of the replication format: " + value.getClass().getSimpleName());
    }

    private static JsonNode fraction(BigDecimal value, JsonNodeFactory nodes) {
        return nodes.numberNode(value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros());
    }

    private static JsonNode integer(BigInteger value, JsonNodeFactory nodes) {
        if (value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0) {
            return nodes.numberNode(value.intValue());
        }
        if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
            return nodes.numberNode(value.longValue());
        }
        return nodes.numberNode(value);
    }
}
