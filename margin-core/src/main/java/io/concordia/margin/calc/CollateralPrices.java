package io.concordia.margin.calc;

import io.concordia.types.AssetCode;
import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.util.Set;

/**
 * The USD price a collateral asset is valued at (docs/margin-model.md §5, {@code P_a}): USD and the USD stablecoins
 * at par, any other asset at the mark the caller found for it. A stablecoin's de-peg risk is carried by its haircut,
 * not by its price, so par is the model's price for it whatever the market says. Stateless.
 */
public final class CollateralPrices {

    /** The assets valued at par ({@code P_a = 1}): USD and the USD stablecoins. */
    public static final Set<AssetCode> PAR_ASSETS =
            Set.of(AssetCode.of("USD"), AssetCode.of("USDC"), AssetCode.of("USDT"));

    private CollateralPrices() {}

    /**
     * Whether {@code asset} is valued at par.
     *
     * @param asset the asset
     * @return whether it is one of {@link #PAR_ASSETS}
     * @throws IllegalArgumentException if {@code asset} is null
     */
    public static boolean isPar(AssetCode asset) {
        Checks.notNull(asset, "asset");
        return PAR_ASSETS.contains(asset);
    }

    /**
     * {@code P_a}: {@code 1} for a par asset, else {@code mark}.
     *
     * @param asset the asset
     * @param mark USD per unit of the asset from the market (the mark of a product on it), or {@code null} if none
     * @return USD per unit of the asset, unrounded; {@code null} when the asset is not at par and has no mark (it
     *     then counts for nothing)
     * @throws IllegalArgumentException if {@code asset} is null
     */
    public static BigDecimal usdPrice(AssetCode asset, BigDecimal mark) {
        return isPar(asset) ? BigDecimal.ONE : mark;
    }
}
