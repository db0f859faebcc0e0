package io.concordia.settlement.calc;

import io.concordia.settlement.model.AccountCode;
import io.concordia.settlement.model.MemberCode;
import io.concordia.settlement.model.PositionState;
import io.concordia.settlement.model.ProductSymbol;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;

/**
 * The cycle's figures for one account and product, exact (unrounded), in the product's settlement currency. This is
 * a line of the member statement. Cash amounts: {@code +} received by the member, {@code -} paid by the member.
 *
 * @param member the account's member
 * @param account the account
 * @param product the product
 * @param currency settlement currency
 * @param openingQuantity {@code q0}, held since the last cycle (0 for a new position), {@code +} long
 * @param lastSettlementPrice {@code S0}, the reference price of {@code q0} (the settlement price for a new position)
 * @param tradeCount number of trades in the cycle
 * @param tradedQuantity {@code sum q_t}, signed
 * @param tradedNotional {@code sum |q_t * p_t|}, of every trade (fees are charged on the part of venue trades)
 * @param settlementPrice {@code S}, frozen at the cut-off
 * @param closingQuantity {@code q1 = q0 + sum q_t}
 * @param variationMargin {@code VM = q0 * (S - S0) + sum q_t * (S - p_t)}
 * @param funding {@code -(rate * intervals * q1 * S)} for a perpetual with a rate, else 0; a long pays when the rate
 *     is positive
 * @param fees {@code -(feeRate * sum |q_t * p_t|)} over the trades that bear a fee, {@code <= 0}
 */
public record PositionSettlement(
        MemberCode member,
        AccountCode account,
        ProductSymbol product,
        AssetCode currency,
        BigDecimal openingQuantity,
        BigDecimal lastSettlementPrice,
        int tradeCount,
        BigDecimal tradedQuantity,
        BigDecimal tradedNotional,
        BigDecimal settlementPrice,
        BigDecimal closingQuantity,
        BigDecimal variationMargin,
        BigDecimal funding,
        BigDecimal fees) {

    /**
     * The position's cash for the cycle {@code VM + funding + fees}, exact.
     *
     * @return the total, {@code +} received by the member
     */
    public BigDecimal total() {
        return variationMargin.add(funding).add(fees);
    }

    /**
     * The state the next cycle starts from: the closing quantity at this cycle's settlement price. Feeding it back
     * with unchanged prices, no trades and no funding yields zero variation margin.
     *
     * @return the next reference state
     */
    public PositionState nextState() {
        return new PositionState(account, product, closingQuantity, settlementPrice);
    }
}
