package io.concordia.margin.replication;

/** Malformed JSON, or JSON that does not match the replication format; the message says where and why. */
public final class JsonException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and where
     */
    public JsonException(String message) {
        super(message);
    }
}
