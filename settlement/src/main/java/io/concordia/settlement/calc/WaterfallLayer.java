package io.concordia.settlement.calc;

/** The layers of the default waterfall, in the order they absorb a loss (docs/architecture.md, "Data flow" 5). */
public enum WaterfallLayer {
    /** The defaulter's margin collateral. */
    DEFAULTER_MARGIN,
    /** The defaulter's default-fund contribution. */
    DEFAULTER_CONTRIBUTION,
    /** The CCP's own capital committed ahead of the mutual fund. */
    SKIN_IN_THE_GAME,
    /** The surviving members' default-fund contributions, pro rata to contribution. */
    MUTUAL_FUND,
    /** Assessments on surviving members, pro rata, each capped at the multiple times its contribution. */
    ASSESSMENTS
}
