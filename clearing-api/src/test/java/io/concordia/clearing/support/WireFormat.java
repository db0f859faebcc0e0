package io.concordia.clearing.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The contract's rules for decimals on the wire (docs/contracts.md, "Numbers"), checked over a whole response body: money,
 * prices and quantities are decimal strings, never JSON numbers; no decimal string has an exponent; an amount in an asset
 * has at most the asset's decimals; any other decimal has no trailing zero beyond the asset's scale (it is not a
 * NUMERIC(38, 18) column written out as stored). Counts stay JSON integers; fractions are JSON numbers only where the
 * contract says so.
 */
public final class WireFormat {

    /** The fields the contract lets be a JSON fraction: ratios and probabilities, not money. */
    private static final Set<String> FRACTION_FIELDS = Set.of("confidence");

    private static final Pattern DECIMAL = Pattern.compile("-?\\d+(\\.\\d+)?");
    private static final Pattern EXPONENT = Pattern.compile("-?\\d+(\\.\\d+)?[eE][-+]?\\d+");
    private static final ObjectMapper JSON = new ObjectMapper();

    private WireFormat() {}

    /**
     * Every breach in {@code body}, by path; empty when it keeps the contract. {@code assetScale} is the scale of the asset
     * the body's amounts are in; {@code amountFields} names the fields that are amounts in that asset (at most its
     * decimals), every other decimal string may have more but no trailing zero past {@code assetScale}.
     */
    public static List<String> breaches(String body, int assetScale, Set<String> amountFields) {
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + body, e);
        }
        List<String> out = new ArrayList<>();
        walk("$", null, tree, assetScale, amountFields, out);
        return out;
    }

    private static void walk(
            String path, String field, JsonNode node, int assetScale, Set<String> amountFields, List<String> out) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                walk(path + "." + e.getKey(), e.getKey(), e.getValue(), assetScale, amountFields, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(path + "[" + i + "]", field, node.get(i), assetScale, amountFields, out);
            }
        } else if (node.isNumber()) {
            if (!node.isIntegralNumber() && !FRACTION_FIELDS.contains(field)) {
                out.add(path + " is the JSON number " + node + ", not a decimal string");
            } else if (node.isIntegralNumber() && field != null && amountFields.contains(field)) {
                out.add(path + " is an amount written as the JSON number " + node);
            }
        } else if (node.isTextual()) {
            String s = node.textValue();
            if (EXPONENT.matcher(s).matches()) {
                out.add(path + " has an exponent: " + s);
            } else if (DECIMAL.matcher(s).matches()) {
                int point = s.indexOf('.');
                int decimals = point < 0 ? 0 : s.length() - point - 1;
                if (field != null && amountFields.contains(field) && decimals > assetScale) {
                    out.add(path + " has " + decimals + " decimals, more than its asset's " + assetScale + ": " + s);
                } else if (decimals > assetScale && s.endsWith("0")) {
                    out.add(path + " has trailing zeros past " + assetScale + " decimals: " + s);
                }
            }
        }
    }
}
