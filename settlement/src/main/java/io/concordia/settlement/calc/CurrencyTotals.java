package io.concordia.settlement.calc;

import io.concordia.types.AssetCode;
import java.math.BigDecimal;

/**
 * A cycle's totals in one currency and the CCP's three postings. By construction
 * {@code membersNet + ccpSettlement + feeIncome + roundingResidue = 0} exactly.
 *
 * @param currency the currency
 * @param scale decimal places
 * @param variationMargin all members' VM, exact; 0 when positions sum to zero across members
 * @param funding all members' funding, exact; 0 when positions sum to zero across members
 * @param fees all members' fees, exact, {@code <= 0}
 * @param membersNet sum of the members' rounded nets (= the signed instructions' sum)
 * @param ccpSettlement the CCP settlement account's posting: {@code -(VM + funding)} rounded
 *     {@link java.math.RoundingMode#FLOOR} at the scale
 * @param feeIncome the CCP fee account's posting: {@code -fees} rounded {@link java.math.RoundingMode#DOWN}, {@code >= 0}
 * @param roundingResidue the CCP rounding account's posting, what balances the entry:
 *     {@code -(membersNet + ccpSettlement + feeIncome)}; always {@code >= 0} and below {@code (members + 2)} units
 *     of the last place
 */
public record CurrencyTotals(
        AssetCode currency,
        int scale,
        BigDecimal variationMargin,
        BigDecimal funding,
        BigDecimal fees,
        BigDecimal membersNet,
        BigDecimal ccpSettlement,
        BigDecimal feeIncome,
        BigDecimal roundingResidue) {}
