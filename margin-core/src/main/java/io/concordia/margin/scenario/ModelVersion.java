package io.concordia.margin.scenario;

/**
 * The version of the scenario-building rules of docs/margin-model.md ("Building a scenario set") that a scenario set
 * was built under. A stored set keeps the version it was built with and is rebuilt, when it is rebuilt at all, by
 * the same rules, so its id keeps naming the same numbers; every new build is {@link #CURRENT}.
 */
public enum ModelVersion {

    /**
     * Version 1.0: step 5 divides each window by {@code v[t]}, the variance that already contains the window's own
     * returns, and the floor's long-run variance is the mean over the whole history. Kept only so that sets built
     * under it rebuild exactly.
     */
    V1_0("1.0"),

    /**
     * Version 1.1: step 5 divides by {@code v[t-h]}, the forecast known when the window opened; the floor's long-run
     * variance covers the last {@code F} returns; the input checks are normative.
     */
    V1_1("1.1");

    /** The version every new build uses. */
    public static final ModelVersion CURRENT = V1_1;

    private final String label;

    ModelVersion(String label) {
        this.label = label;
    }

    /** @return the version as the model names it, e.g. {@code 1.1} */
    public String label() {
        return label;
    }

    /**
     * The version with the given label.
     *
     * @param label {@code 1.0} or {@code 1.1}
     * @return the version
     * @throws IllegalArgumentException if no version has that label
     */
    public static ModelVersion of(String label) {
        for (ModelVersion v : values()) {
            if (v.label.equals(label)) {
                return v;
            }
        }
        throw new IllegalArgumentException("model version must be 1.0 or 1.1, got: " + label);
    }

    @Override
    public String toString() {
        return label;
    }
}
