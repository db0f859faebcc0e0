package io.concordia.settlement.calc;

import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Exact allocation of an amount at a currency scale by the <b>largest-remainder</b> method, so that the parts sum
 * exactly to the whole.
 *
 * <p>Rule: every part is first rounded {@link RoundingMode#FLOOR} at the scale; the units of the last place
 * ({@code ulp = 10^-scale}) still missing to reach the total are then given, one each, to the parts with the largest
 * remainders (exact part minus floored part); ties go to the smaller key in the keys' natural order. Every part
 * therefore differs from its exact value by less than one {@code ulp}, and the result depends only on the values,
 * never on the map's iteration order.
 */
public final class Allocation {

    private Allocation() {}

    /**
     * Splits {@code total} pro rata to {@code weights}: part {@code i} is {@code total * w_i / sum(w)} rounded by
     * largest remainder at {@code scale}. Zero weights get zero. If every weight is 0, {@code total} must be 0.
     *
     * @param total the amount to split, {@code >= 0}, with at most {@code scale} decimal places
     * @param weights non-negative weights per key
     * @param scale decimal places of the parts, in {@code [0, 18]}
     * @param <K> key type
     * @return parts per key (every key of {@code weights}), each {@code >= 0}, summing exactly to {@code total}
     * @throws IllegalArgumentException on a negative or too fine total, a negative weight, or a positive total with
     *     no positive weight
     */
    public static <K extends Comparable<K>> SortedMap<K, BigDecimal> proRata(
            BigDecimal total, Map<K, BigDecimal> weights, int scale) {
        Checks.scale(scale, "scale");
        Checks.nonNegative(total, "total");
        Checks.atScale(total, scale, "total");
        Checks.noNulls(weights, "weights");
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<K, BigDecimal> e : weights.entrySet()) {
            sum = sum.add(Checks.nonNegative(e.getValue(), "weights[" + e.getKey() + "]"));
        }
        TreeMap<K, BigDecimal> out = new TreeMap<>();
        if (sum.signum() == 0) {
            if (total.signum() != 0) {
                throw new IllegalArgumentException(
                        "weights must have a positive sum to allocate total " + total.toPlainString());
            }
            weights.keySet().forEach(k -> out.put(k, BigDecimal.ZERO.setScale(scale)));
            return Collections.unmodifiableSortedMap(out);
        }
        List<Part<K>> parts = new ArrayList<>(weights.size());
        for (Map.Entry<K, BigDecimal> e : weights.entrySet()) {
            BigDecimal numerator = total.multiply(e.getValue());
            BigDecimal floor = numerator.divide(sum, scale, RoundingMode.FLOOR);
            // remainder of the exact part, scaled by the common denominator sum(w): comparable across parts
            parts.add(new Part<>(e.getKey(), floor, numerator.subtract(floor.multiply(sum))));
        }
        return distribute(parts, total, scale);
    }

    /**
     * Rounds exact amounts at {@code scale} so that they sum exactly to {@code target}: each is floored, and the
     * missing units of the last place go to the largest remainders (ties to the smaller key).
     *
     * @param exact exact amounts per key, any sign
     * @param target the required sum, at {@code scale}, between the sum of the floors and that sum plus one
     *     {@code ulp} per amount with a non-zero remainder
     * @param scale decimal places
     * @param <K> key type
     * @return rounded amounts per key summing exactly to {@code target}, each within one {@code ulp} of its exact
     *     value
     * @throws IllegalArgumentException if {@code target} cannot be reached that way
     */
    public static <K extends Comparable<K>> SortedMap<K, BigDecimal> roundToTotal(
            Map<K, BigDecimal> exact, BigDecimal target, int scale) {
        Checks.scale(scale, "scale");
        Checks.noNulls(exact, "exact");
        Checks.atScale(target, scale, "target");
        List<Part<K>> parts = new ArrayList<>(exact.size());
        for (Map.Entry<K, BigDecimal> e : exact.entrySet()) {
            BigDecimal floor = e.getValue().setScale(scale, RoundingMode.FLOOR);
            parts.add(new Part<>(e.getKey(), floor, e.getValue().subtract(floor)));
        }
        return distribute(parts, target, scale);
    }

    private static <K extends Comparable<K>> SortedMap<K, BigDecimal> distribute(
            List<Part<K>> parts, BigDecimal target, int scale) {
        BigDecimal floors = BigDecimal.ZERO;
        for (Part<K> p : parts) {
            floors = floors.add(p.floor);
        }
        BigDecimal ulp = BigDecimal.ONE.movePointLeft(scale);
        BigDecimal missing = target.subtract(floors);
        BigDecimal[] units = missing.divideAndRemainder(ulp);
        int withRemainder = 0;
        for (Part<K> p : parts) {
            if (p.remainder.signum() != 0) {
                withRemainder++;
            }
        }
        if (missing.signum() < 0
                || units[1].signum() != 0
                || units[0].compareTo(BigDecimal.valueOf(withRemainder)) > 0) {
            throw new IllegalArgumentException("target " + target.toPlainString() + " cannot be reached from floors "
                    + floors.toPlainString() + " with " + withRemainder + " non-zero remainders at scale " + scale);
        }
        int k = units[0].intValueExact();
        List<Part<K>> byRemainder = new ArrayList<>(parts);
        byRemainder.sort((a, b) -> {
            int c = b.remainder.compareTo(a.remainder);
            return c != 0 ? c : a.key.compareTo(b.key);
        });
        TreeMap<K, BigDecimal> out = new TreeMap<>();
        for (int i = 0; i < byRemainder.size(); i++) {
            Part<K> p = byRemainder.get(i);
            out.put(p.key, i < k ? p.floor.add(ulp) : p.floor);
        }
        return Collections.unmodifiableSortedMap(out);
    }

    private record Part<K>(K key, BigDecimal floor, BigDecimal remainder) {}
}
