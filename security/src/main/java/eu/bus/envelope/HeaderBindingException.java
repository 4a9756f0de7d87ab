package eu.bus.envelope;

/** The clear header does not match the header digest the sender signed (a header field was changed), or the binding is missing. */
public final class HeaderBindingException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public HeaderBindingException(String message) {
        super(message);
    }

    public HeaderBindingException(String message, Throwable cause) {
        super(message, cause);
    }
}
