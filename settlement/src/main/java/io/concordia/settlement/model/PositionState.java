package io.concordia.settlement.model;

import io.concordia.types.Checks;
import java.math.BigDecimal;

/**
 * What an account held in one product at the end of the previous cycle: the quantity and the reference price
 * variation margin is measured from (docs/architecture.md, "Data flow" 4; docs/margin-model.md §5: {@code S_p_ref}).
 *
 * @param account the account
 * @param product the product
 * @param quantity signed quantity in units of the underlying held since the last cycle, {@code +} long,
 *     {@code -} short; 0 is allowed (a flat position keeps its reference price)
 * @param lastSettlementPrice the previous cycle's settlement price, currency per unit, {@code >= 0} (zero only
 *     for a worthless option at its expiry)
 */
public record PositionState(
        AccountCode account, ProductSymbol product, BigDecimal quantity, BigDecimal lastSettlementPrice) {

    /** Validates the state. @throws IllegalArgumentException on null fields or a negative price */
    public PositionState {
        Checks.notNull(account, "account");
        Checks.notNull(product, "product of " + account);
        Checks.notNull(quantity, "quantity of " + account + "/" + product);
        Checks.nonNegative(lastSettlementPrice, "lastSettlementPrice of " + account + "/" + product);
    }

    /**
     * Creates a state.
     *
     * @param account account code
     * @param product product symbol
     * @param quantity signed quantity (decimal string), {@code +} long
     * @param lastSettlementPrice last settlement price (decimal string), {@code > 0}
     * @return the state
     */
    public static PositionState of(String account, String product, String quantity, String lastSettlementPrice) {
        return new PositionState(
                AccountCode.of(account),
                ProductSymbol.of(product),
                new BigDecimal(quantity),
                new BigDecimal(lastSettlementPrice));
    }

    /**
     * Returns this state with another quantity.
     *
     * @param newQuantity signed quantity
     * @return the new state
     */
    public PositionState withQuantity(BigDecimal newQuantity) {
        return new PositionState(account, product, newQuantity, lastSettlementPrice);
    }
}
