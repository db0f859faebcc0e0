package io.concordia.settlement.calc;

/**
 * The layers of the default waterfall, in the order they absorb a loss (docs/architecture.md, "Data flow" 5). Each
 * carries its {@link #position()} in that order, written down rather than read from the declaration order, because
 * it is stored with every waterfall a case applies.
 */
public enum WaterfallLayer {
    /** The defaulter's margin collateral. */
    DEFAULTER_MARGIN(1),
    /** The defaulter's default-fund contribution. */
    DEFAULTER_CONTRIBUTION(2),
    /** The CCP's own capital committed ahead of the mutual fund. */
    SKIN_IN_THE_GAME(3),
    /** The surviving members' default-fund contributions, pro rata to contribution. */
    MUTUAL_FUND(4),
    /** Assessments on surviving members, pro rata, each capped at the multiple times its contribution. */
    ASSESSMENTS(5);

    private final int position;

    WaterfallLayer(int position) {
        this.position = position;
    }

    /**
     * Where the layer stands in the waterfall.
     *
     * @return 1 for the layer that absorbs a loss first, up to 5 for the last
     */
    public int position() {
        return position;
    }
}
