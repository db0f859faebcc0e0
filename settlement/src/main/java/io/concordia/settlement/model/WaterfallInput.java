package io.concordia.settlement.model;

import io.concordia.types.AssetCode;
import io.concordia.types.Checks;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The inputs of the default waterfall for one currency (docs/architecture.md, "Data flow" 5). All amounts are
 * non-negative magnitudes in {@code currency}.
 *
 * <p>Normalisation (named rounding, at {@code scale}): the loss is a requirement and rounds
 * {@link RoundingMode#CEILING}; every resource (margin, contributions, skin in the game) is a value and rounds
 * {@link RoundingMode#FLOOR}. The normalised values are what the record holds.
 *
 * @param currency the currency of the loss and of every resource
 * @param scale its decimal places, in {@code [0, 18]}
 * @param defaulter the defaulting member
 * @param loss the close-out loss: close-out value versus marks, plus costs, {@code >= 0}
 * @param defaulterMargin value of the defaulter's margin collateral available to the CCP, {@code >= 0}
 * @param defaulterContribution the defaulter's default-fund contribution, {@code >= 0}
 * @param skinInTheGame the CCP's own capital committed ahead of the mutual fund, {@code >= 0}
 * @param contributions the surviving members' default-fund contributions, each {@code >= 0}; must not name the
 *     defaulter
 * @param assessmentMultiple the cap on assessments as a multiple of each member's contribution, {@code >= 0}
 */
public record WaterfallInput(
        AssetCode currency,
        int scale,
        MemberCode defaulter,
        BigDecimal loss,
        BigDecimal defaulterMargin,
        BigDecimal defaulterContribution,
        BigDecimal skinInTheGame,
        Map<MemberCode, BigDecimal> contributions,
        BigDecimal assessmentMultiple) {

    /** Validates and normalises. @throws IllegalArgumentException on nulls, negatives or the defaulter among others */
    public WaterfallInput {
        Checks.notNull(currency, "currency");
        Checks.scale(scale, "scale");
        Checks.notNull(defaulter, "defaulter");
        loss = Checks.nonNegative(loss, "loss").setScale(scale, RoundingMode.CEILING);
        defaulterMargin = Checks.nonNegative(defaulterMargin, "defaulterMargin").setScale(scale, RoundingMode.FLOOR);
        defaulterContribution = Checks.nonNegative(defaulterContribution, "defaulterContribution")
                .setScale(scale, RoundingMode.FLOOR);
        skinInTheGame = Checks.nonNegative(skinInTheGame, "skinInTheGame").setScale(scale, RoundingMode.FLOOR);
        Checks.noNulls(contributions, "contributions");
        if (contributions.containsKey(defaulter)) {
            throw new IllegalArgumentException("contributions must not include the defaulter " + defaulter);
        }
        TreeMap<MemberCode, BigDecimal> copy = new TreeMap<>();
        for (Map.Entry<MemberCode, BigDecimal> e : contributions.entrySet()) {
            copy.put(
                    e.getKey(),
                    Checks.nonNegative(e.getValue(), "contributions[" + e.getKey() + "]")
                            .setScale(scale, RoundingMode.FLOOR));
        }
        contributions = Collections.unmodifiableSortedMap(copy);
        Checks.nonNegative(assessmentMultiple, "assessmentMultiple");
    }

    /**
     * Creates an input from decimal strings.
     *
     * @param currency currency code
     * @param scale decimal places
     * @param defaulter defaulter's member code
     * @param loss loss
     * @param defaulterMargin defaulter's margin value
     * @param defaulterContribution defaulter's default-fund contribution
     * @param skinInTheGame CCP capital
     * @param contributions surviving members' contributions (decimal strings)
     * @param assessmentMultiple assessment cap multiple
     * @return the input
     */
    public static WaterfallInput of(
            String currency,
            int scale,
            String defaulter,
            String loss,
            String defaulterMargin,
            String defaulterContribution,
            String skinInTheGame,
            Map<String, String> contributions,
            String assessmentMultiple) {
        Checks.noNulls(contributions, "contributions");
        Map<MemberCode, BigDecimal> typed = new TreeMap<>();
        contributions.forEach((m, c) -> typed.put(MemberCode.of(m), new BigDecimal(c)));
        return new WaterfallInput(
                AssetCode.of(currency),
                scale,
                MemberCode.of(defaulter),
                new BigDecimal(loss),
                new BigDecimal(defaulterMargin),
                new BigDecimal(defaulterContribution),
                new BigDecimal(skinInTheGame),
                typed,
                new BigDecimal(assessmentMultiple));
    }
}
