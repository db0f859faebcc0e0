package io.concordia.settlement.model;

/**
 * Where a cycle's trade comes from, and what it costs besides its variation margin.
 */
public enum TradeKind {
    /** A venue's trade, novated by the CCP: bears the clearing fee on its notional. */
    VENUE(true),
    /**
     * A position moved by default management at an agreed price (a close-out into the CCP's account, an auction's
     * award): settles exactly like a trade, but is no venue's business and bears no clearing fee.
     */
    TRANSFER(false);

    private final boolean bearsFee;

    TradeKind(boolean bearsFee) {
        this.bearsFee = bearsFee;
    }

    /**
     * Whether the clearing fee is charged on this kind's notional.
     *
     * @return {@code true} for venue trades
     */
    public boolean bearsFee() {
        return bearsFee;
    }
}
