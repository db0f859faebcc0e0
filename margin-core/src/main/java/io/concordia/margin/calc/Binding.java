package io.concordia.margin.calc;

/**
 * Which term sets {@code max(IM_market, IM_floor)} (docs/margin-model.md §4 steps 4-5). Ties go to the floor only when it
 * is strictly larger, and to the stress term only when it is strictly larger than the historical term.
 */
public enum Binding {
    /** The historical expected shortfall {@code IM_hist} binds. */
    HIST,
    /** The weighted stress loss {@code IM_stress} binds. */
    STRESS,
    /** The size floor {@code IM_floor} binds. */
    FLOOR;

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
}
