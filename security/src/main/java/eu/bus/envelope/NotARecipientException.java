package eu.bus.envelope;

/** This node is not among the header's recipients, or the message holds no recipient info for its encryption certificate. */
public final class NotARecipientException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public NotARecipientException(String message) {
        super(message);
    }

    public NotARecipientException(String message, Throwable cause) {
        super(message, cause);
    }
}
