package io.concordia.margin.calc;

import io.concordia.margin.model.LiquidityTier;
import io.concordia.margin.model.UnderlyingId;

/**
 * The per-underlying terms of a portfolio (docs/margin-model.md §4 steps 5 and 6). Amounts USD, double, unrounded.
 *
 * @param underlying the underlying {@code u}
 * @param tier its liquidity tier
 * @param netNotional {@code sum_{p: u(p)=u} n_p}, signed ({@code +} net long); {@code A_u} is its absolute value
 * @param floor {@code floor_u = sum_j r_j * max(0, min(A_u, b_j) - b(j-1))}
 * @param grossLong {@code G+}, sum of positive notionals
 * @param grossShort {@code G-}, sum of absolute negative notionals
 * @param spread {@code beta_tier * min(G+, G-)}, the basis charge
 */
public record UnderlyingCharge(
        UnderlyingId underlying,
        LiquidityTier tier,
        double netNotional,
        double floor,
        double grossLong,
        double grossShort,
        double spread) {}
