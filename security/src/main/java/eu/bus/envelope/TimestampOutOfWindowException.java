package eu.bus.envelope;

/** The header's createdAt lies outside the accepted window around the receiver's clock (replay or clock skew). */
public final class TimestampOutOfWindowException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public TimestampOutOfWindowException(String message) {
        super(message);
    }

    public TimestampOutOfWindowException(String message, Throwable cause) {
        super(message, cause);
    }
}
