package eu.bus.envelope;

/** The header's expiresAt has passed. */
public final class MessageExpiredException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public MessageExpiredException(String message) {
        super(message);
    }

    public MessageExpiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
