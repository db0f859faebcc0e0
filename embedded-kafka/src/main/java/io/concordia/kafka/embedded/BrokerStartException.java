package io.concordia.kafka.embedded;

/**
 * The embedded broker could not be started. The message says why and, when the child JVM ran, ends with the last
 * lines of its output and log.
 */
public final class BrokerStartException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public BrokerStartException(String message) {
        super(message);
    }

    public BrokerStartException(String message, Throwable cause) {
        super(message, cause);
    }
}
