package eu.bus.exchange;

/**
 * A message that arrived over the bus cannot be accepted (unreadable header, failed verification,
 * invalid payload, replay, policy). It goes to the node's dead-letter queue with {@link #reason()}
 * and leaves an audit record; it is never retried, since retrying cannot make it valid.
 */
public final class ReceptionRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;

    public ReceptionRejectedException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public ReceptionRejectedException(String reason, String message) {
        this(reason, message, null);
    }

    /** A short stable code: invalid-header, unverifiable, invalid-payload, duplicate, policy. */
    public String reason() {
        return reason;
    }
}
