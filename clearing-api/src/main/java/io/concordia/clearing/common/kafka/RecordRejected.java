package io.concordia.clearing.common.kafka;

/** A record that can never succeed as it is: its stable reason and a message for the operator. */
public final class RecordRejected extends Exception {

    private final DeadLetterReason reason;

    public RecordRejected(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    public DeadLetterReason reason() {
        return reason;
    }
}
