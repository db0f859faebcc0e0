package io.concordia.margin.calc;

/**
 * Mutable holder of one portfolio's requirement figures, filled by {@link PortfolioEvaluator} without
 * allocating (docs/margin-model.md §4). All amounts USD, double precision, unrounded,
 * except the cent counts. Reuse one instance per thread.
 */
public final class RiskFigures {

    double var;
    double es;
    double imHist;
    double imStress;
    int bindingStress = -1;
    double imFloor;
    double imSpread;
    double imShortOption;
    Binding binding;
    double requirement;
    long imCents;
    long mmCents;

    /** @return {@code VaR = L(k)}, USD, the k-th largest loss (may be negative) */
    public double var() {
        return var;
    }

    /** @return {@code ES = (L(1) + ... + L(k)) / k}, USD (may be negative) */
    public double es() {
        return es;
    }

    /** @return {@code IM_hist = max(0, ES)}, USD */
    public double imHist() {
        return imHist;
    }

    /** @return {@code IM_stress = w_stress * max(0, max_psi L[psi])}, USD */
    public double imStress() {
        return imStress;
    }

    /** @return index of the stress scenario with the largest loss (the first on ties) */
    public int bindingStress() {
        return bindingStress;
    }

    /** @return {@code IM_floor = sum_u floor_u}, USD */
    public double imFloor() {
        return imFloor;
    }

    /** @return {@code IM_spread = sum_u beta_tier * O_u}, USD */
    public double imSpread() {
        return imSpread;
    }

    /** @return the binding term of {@code max(IM_market, IM_floor)} */
    /** @return {@code IM_som}, the short option minimum, USD (0 without short options) */
    public double imShortOption() {
        return imShortOption;
    }

    public Binding binding() {
        return binding;
    }

    /** @return {@code max(IM_market, IM_floor) + IM_spread}, USD, before rounding */
    public double requirement() {
        return requirement;
    }

    /** @return {@code IM = ceil_cents(requirement)} in cents */
    public long imCents() {
        return imCents;
    }

    /** @return {@code MM = ceil_cents(mm_ratio * IM)} in cents */
    public long mmCents() {
        return mmCents;
    }
}
