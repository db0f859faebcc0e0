package io.concordia.clearing.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.util.regex.Pattern;

/**
 * Free-form JSON trees in responses (margin-core's breakdowns, replication requests and results, stored buckets) in the
 * contract's decimal vocabulary: Jackson writes a tree's numbers itself, past the BigDecimal serializer of
 * {@link JsonConfiguration}, so the tree is rewritten before it leaves. These trees are in USD, the currency margin is
 * computed in.
 */
public final class JsonDecimals {

    /** The scale of USD amounts: a decimal at cents or fewer decimals is kept as written ({@code "0.00"}, {@code "1280.01"}). */
    public static final int USD_SCALE = 2;

    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

    private JsonDecimals() {}

    /**
     * {@code node}, rewritten in place: every fractional number (margin-core writes its unrounded components as JSON
     * numbers) becomes a plain decimal string; a decimal string of more than {@link #USD_SCALE} decimals loses its
     * trailing zeros (an exact product of NUMERIC(38, 18) columns is not written with 36 decimals); counts stay numbers.
     */
    public static JsonNode strings(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            object.fieldNames().forEachRemaining(name -> object.set(name, strings(object.get(name))));
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, strings(array.get(i)));
            }
            return array;
        }
        if (node.isNumber() && !node.isIntegralNumber()) {
            return TextNode.valueOf(Decimals.plain(node.decimalValue()).toPlainString());
        }
        if (node.isTextual() && PLAIN_DECIMAL.matcher(node.textValue()).matches()) {
            BigDecimal d = new BigDecimal(node.textValue());
            return d.scale() > USD_SCALE
                    ? TextNode.valueOf(plainAtLeast(d, USD_SCALE).toPlainString())
                    : node;
        }
        return node;
    }

    /** {@code d} without trailing zeros, but with at least {@code scale} decimals: 0.250000 is 0.25, 1.000000 is 1.00. */
    public static BigDecimal plainAtLeast(BigDecimal d, int scale) {
        BigDecimal plain = Decimals.plain(d);
        return plain.scale() < scale ? plain.setScale(scale) : plain;
    }
}
