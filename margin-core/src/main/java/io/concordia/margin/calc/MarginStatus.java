package io.concordia.margin.calc;

import java.math.BigDecimal;

/**
 * Margin status of an account or bucket (docs/margin-model.md §5): {@code E >= IM} healthy;
 * {@code MM <= E < IM} call for {@code IM - E}; {@code E < MM} liquidation (call for {@code IM - E}, eligible for
 * close-out).
 */
public enum MarginStatus {
    /** Equity covers the initial requirement. */
    HEALTHY(0),
    /** Equity is below IM but at least MM: a call for {@code IM - E}. */
    CALL(1),
    /** Equity is below MM: a call for {@code IM - E} and eligible for close-out. */
    LIQUIDATION(2);

    private final int severity;

    MarginStatus(int severity) {
        this.severity = severity;
    }

    /**
     * The status of equity against requirements.
     *
     * @param equity {@code E}, USD
     * @param im {@code IM}, USD
     * @param mm {@code MM}, USD
     * @return the status
     */
    public static MarginStatus of(BigDecimal equity, BigDecimal im, BigDecimal mm) {
        if (equity.compareTo(im) >= 0) {
            return HEALTHY;
        }
        return equity.compareTo(mm) >= 0 ? CALL : LIQUIDATION;
    }

    /**
     * The status from cent counts.
     *
     * @param equityCents {@code E} in cents
     * @param imCents {@code IM} in cents
     * @param mmCents {@code MM} in cents
     * @return the status
     */
    public static MarginStatus ofCents(long equityCents, long imCents, long mmCents) {
        if (equityCents >= imCents) {
            return HEALTHY;
        }
        return equityCents >= mmCents ? CALL : LIQUIDATION;
    }

    /**
     * The call amount for this status: {@code IM - E} unless healthy, else 0 (scale 2).
     *
     * @param equity {@code E}
     * @param im {@code IM}
     * @return the amount to call, USD, {@code >= 0}
     */
    public BigDecimal callAmount(BigDecimal equity, BigDecimal im) {
        return this == HEALTHY ? Money.ofCents(0) : Money.ceilCents(im.subtract(equity));
    }

    /**
     * The worse of two statuses (LIQUIDATION, then CALL, then HEALTHY).
     *
     * @param other the other status
     * @return the worse one
     */
    public MarginStatus worse(MarginStatus other) {
        return other.severity > severity ? other : this;
    }
}
