package io.concordia.settlement.calc;

import io.concordia.settlement.model.CycleId;
import io.concordia.settlement.model.MemberCode;
import io.concordia.types.AssetCode;
import io.concordia.types.Checks;
import java.math.BigDecimal;

/**
 * One payment a cycle asks for: per member per currency, netted across all its accounts and venues. The pair
 * {@code (cycle, member, currency)} is unique, so the service can key its idempotency on it.
 *
 * @param cycle the cycle
 * @param member the member
 * @param currency the currency
 * @param direction PAY (member to CCP) or RECEIVE (CCP to member)
 * @param amount magnitude, {@code > 0}, at the currency scale: rounded up for PAY, down for RECEIVE
 */
public record SettlementInstruction(
        CycleId cycle, MemberCode member, AssetCode currency, Direction direction, BigDecimal amount) {

    /** Validates. @throws IllegalArgumentException on nulls or a non-positive amount */
    public SettlementInstruction {
        Checks.notNull(cycle, "cycle");
        Checks.notNull(member, "member");
        Checks.notNull(currency, "currency of instruction for " + member);
        Checks.notNull(direction, "direction of instruction for " + member);
        Checks.positive(amount, "amount of instruction for " + member + " in " + currency);
    }

    /**
     * The amount with the member's sign.
     *
     * @return {@code +amount} for RECEIVE, {@code -amount} for PAY
     */
    public BigDecimal signedAmount() {
        return direction.signed(amount);
    }
}
