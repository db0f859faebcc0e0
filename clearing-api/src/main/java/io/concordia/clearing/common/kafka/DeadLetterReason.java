package io.concordia.clearing.common.kafka;

/** Why a record can never succeed as it is. Stable codes: operators and dashboards key on them. */
public enum DeadLetterReason {
    MALFORMED_JSON,
    /** A field is given twice in the record: which one the venue meant is not for Concordia to guess. */
    DUPLICATE_KEY,
    UNKNOWN_FIELD,
    MISSING_FIELD,
    /** A text field carries a control character (NUL, escape, ...) or half a surrogate pair. */
    INVALID_CHARACTER,
    INVALID_NUMBER,
    NOT_POSITIVE,
    OUT_OF_RANGE,
    INVALID_TIME,
    FUTURE_EXECUTION_TIME,
    VENUE_MISMATCH,
    SAME_ACCOUNT,
    UNKNOWN_VENUE,
    UNKNOWN_INSTRUMENT,
    UNKNOWN_ACCOUNT,
    /** The member of an account is in default: its accounts are frozen and take no new trades. */
    MEMBER_IN_DEFAULT,
    MEMBER_NOT_ACTIVE,
    ACCOUNT_NOT_OPEN,
    /** The account is the CCP's own: it takes positions only through default management. */
    CCP_ACCOUNT,
    CONFLICTING_DUPLICATE,
    /** The product expired before the record's time, or its final settlement has closed it: it takes nothing more. */
    PRODUCT_EXPIRED,
    /** A price record of an option without its implied volatility {@code iv}, or of a linear product with one. */
    IMPLIED_VOLATILITY
}
