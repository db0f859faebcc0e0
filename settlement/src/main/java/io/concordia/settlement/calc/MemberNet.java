package io.concordia.settlement.calc;

import io.concordia.settlement.model.AccountCode;
import io.concordia.settlement.model.CycleId;
import io.concordia.settlement.model.MemberCode;
import io.concordia.types.AssetCode;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * A member's net for one currency, across all its accounts and venues. Cash: {@code +} received by the member.
 *
 * @param member the member
 * @param currency the currency
 * @param scale the currency's decimal places
 * @param variationMargin sum of its positions' VM, exact
 * @param funding sum of its positions' funding, exact
 * @param fees sum of its positions' fees, exact, {@code <= 0}
 * @param exactNet {@code VM + funding + fees}, exact
 * @param roundedNet {@link Direction#roundSigned}: a payment rounded up in magnitude, a receipt down; equals
 *     {@code FLOOR(exactNet)} at the scale
 * @param roundingResidue {@code exactNet - roundedNet}, in {@code [0, 10^-scale)}: kept by the CCP
 * @param accountAmounts the rounded net split over the member's accounts in this currency (largest remainder,
 *     {@link Allocation#roundToTotal}); sums exactly to {@code roundedNet}; each within one unit of the last place
 *     of the account's exact total
 */
public record MemberNet(
        MemberCode member,
        AssetCode currency,
        int scale,
        BigDecimal variationMargin,
        BigDecimal funding,
        BigDecimal fees,
        BigDecimal exactNet,
        BigDecimal roundedNet,
        BigDecimal roundingResidue,
        Map<AccountCode, BigDecimal> accountAmounts) {

    /** Copies the account amounts. */
    public MemberNet {
        accountAmounts = Map.copyOf(accountAmounts);
    }

    /**
     * The instruction this net gives rise to.
     *
     * @param cycle the cycle (see {@link SettlementInstruction#cycle()})
     * @return PAY or RECEIVE of {@code |roundedNet|}, or empty when the rounded net is 0 (no zero-amount
     *     instruction is ever issued)
     */
    public Optional<SettlementInstruction> instruction(CycleId cycle) {
        if (roundedNet.signum() == 0) {
            return Optional.empty();
        }
        return Optional.of(
                new SettlementInstruction(cycle, member, currency, Direction.of(roundedNet), roundedNet.abs()));
    }
}
