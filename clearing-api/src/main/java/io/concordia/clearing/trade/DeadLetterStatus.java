package io.concordia.clearing.trade;

/**
 * Where a dead letter stands, as {@code dead_letter.status} stores it: open until an operator replays it (its record
 * applied as the venue sent it, once the cause is fixed) or discards it with a reason.
 */
public enum DeadLetterStatus {
    OPEN,
    REPLAYED,
    DISCARDED
}
