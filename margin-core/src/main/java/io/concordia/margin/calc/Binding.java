package io.concordia.margin.calc;

/**
 * Which term sets {@code max(IM_market, IM_floor, IM_som)} (docs/margin-model.md §4 steps 4-5 and §8.5). Ties go to the
 * short option minimum only when it is strictly larger than the others, to the floor only when it is strictly larger
 * than the market term, and to the stress term only when it is strictly larger than the historical term.
 */
public enum Binding {
    /** The historical expected shortfall {@code IM_hist} binds. */
    HIST,
    /** The weighted stress loss {@code IM_stress} binds. */
    STRESS,
    /** The size floor {@code IM_floor} binds. */
    FLOOR,
    /** The short option minimum {@code IM_som} binds (docs/margin-model.md §8.5). */
    SHORT_OPTION_MINIMUM,
    /**
     * The risk in force cannot price the portfolio (an underlying without a liquidity tier or without scenarios), so
     * it is margined at its full gross notional (docs/margin-model.md §5, "A portfolio the risk cannot cover").
     */
    FULL_NOTIONAL;

    /**
     * Picks the binding term.
     *
     * @param imHist historical term, USD
     * @param imStress stress term, USD
     * @param imFloor floor term, USD
     * @return FLOOR if {@code imFloor > max(imHist, imStress)}, else STRESS if {@code imStress > imHist}, else HIST
     */
    public static Binding of(double imHist, double imStress, double imFloor) {
        double market = Math.max(imHist, imStress);
        if (imFloor > market) {
            return FLOOR;
        }
        return imStress > imHist ? STRESS : HIST;
    }

    /**
     * Picks the binding term when the portfolio holds options.
     *
     * @param imHist historical term, USD
     * @param imStress stress term, USD
     * @param imFloor floor term, USD
     * @param imShortOption short option minimum, USD
     * @return SHORT_OPTION_MINIMUM if {@code imShortOption > max(imHist, imStress, imFloor)}, else as {@link #of(double, double, double)}
     */
    public static Binding of(double imHist, double imStress, double imFloor, double imShortOption) {
        if (imShortOption > Math.max(Math.max(imHist, imStress), imFloor)) {
            return SHORT_OPTION_MINIMUM;
        }
        return of(imHist, imStress, imFloor);
    }
}
