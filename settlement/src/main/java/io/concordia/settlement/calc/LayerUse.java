package io.concordia.settlement.calc;

import io.concordia.settlement.model.MemberCode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * How much of one waterfall layer a loss used. Amounts are non-negative magnitudes at the currency scale.
 *
 * @param layer the layer
 * @param capacity what the layer could absorb
 * @param used what it absorbed: {@code min(capacity, loss left when the layer is reached)}
 * @param shares who bears {@code used}: the defaulter for the first two layers, nobody (the CCP) for skin in the
 *     game, every surviving member (zeros included) for the mutual fund and assessments; sums exactly to
 *     {@code used}, each share within its member's capacity
 */
public record LayerUse(WaterfallLayer layer, BigDecimal capacity, BigDecimal used, Map<MemberCode, BigDecimal> shares) {

    /** Copies the shares. */
    public LayerUse {
        shares = Map.copyOf(shares);
    }
}
