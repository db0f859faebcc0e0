package io.concordia.settlement.calc;

import io.concordia.settlement.model.MemberCode;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The allocation of a default loss over the waterfall. {@code covered + uncovered = loss} exactly; the uncovered
 * remainder is reported, never hidden.
 *
 * @param currency the currency
 * @param scale its decimal places
 * @param defaulter the defaulting member
 * @param loss the loss (rounded up at the scale)
 * @param layers the five layers in order, each with its capacity, use and shares (unused layers have use 0)
 * @param covered the sum of the layers' use
 * @param uncovered {@code loss - covered}, {@code >= 0}: what no layer could absorb
 * @param memberCharges per surviving member, its mutual-fund share plus its assessment (zeros included)
 */
public record WaterfallResult(
        AssetCode currency,
        int scale,
        MemberCode defaulter,
        BigDecimal loss,
        List<LayerUse> layers,
        BigDecimal covered,
        BigDecimal uncovered,
        Map<MemberCode, BigDecimal> memberCharges) {

    /** Copies the collections. */
    public WaterfallResult {
        layers = List.copyOf(layers);
        memberCharges = Map.copyOf(memberCharges);
    }

    /**
     * One layer's use.
     *
     * @param layer the layer
     * @return its use
     */
    public LayerUse layer(WaterfallLayer layer) {
        return layers.get(layer.ordinal());
    }

    /**
     * The last layer that absorbed part of the loss.
     *
     * @return the layer, or empty for a zero loss
     */
    public Optional<WaterfallLayer> stoppedAt() {
        WaterfallLayer last = null;
        for (LayerUse u : layers) {
            if (u.used().signum() > 0) {
                last = u.layer();
            }
        }
        return Optional.ofNullable(last);
    }
}
