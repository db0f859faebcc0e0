package io.concordia.settlement.model;

import io.concordia.types.AssetCode;
import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Inputs of the Cover-2 default-fund sizing report (docs/architecture.md, "Data flow" 5).
 *
 * @param currency currency of every amount
 * @param scale its decimal places, in {@code [0, 18]}
 * @param stressedLossBeyondIm per member, the stressed loss in excess of its initial margin, {@code >= 0} (the
 *     caller floors a negative excess at 0); every member named must also have an IM
 * @param initialMargin per member, its initial margin, {@code >= 0}: the allocation key
 */
public record Cover2Input(
        AssetCode currency,
        int scale,
        Map<MemberCode, BigDecimal> stressedLossBeyondIm,
        Map<MemberCode, BigDecimal> initialMargin) {

    /** Validates and copies. @throws IllegalArgumentException on nulls, negatives or a member without IM */
    public Cover2Input {
        Checks.notNull(currency, "currency");
        Checks.scale(scale, "scale");
        Checks.noNulls(stressedLossBeyondIm, "stressedLossBeyondIm");
        Checks.noNulls(initialMargin, "initialMargin");
        for (Map.Entry<MemberCode, BigDecimal> e : stressedLossBeyondIm.entrySet()) {
            Checks.nonNegative(e.getValue(), "stressedLossBeyondIm[" + e.getKey() + "]");
            if (!initialMargin.containsKey(e.getKey())) {
                throw new IllegalArgumentException("initialMargin has no entry for member " + e.getKey());
            }
        }
        for (Map.Entry<MemberCode, BigDecimal> e : initialMargin.entrySet()) {
            Checks.nonNegative(e.getValue(), "initialMargin[" + e.getKey() + "]");
        }
        stressedLossBeyondIm = Collections.unmodifiableSortedMap(new TreeMap<>(stressedLossBeyondIm));
        initialMargin = Collections.unmodifiableSortedMap(new TreeMap<>(initialMargin));
    }
}
