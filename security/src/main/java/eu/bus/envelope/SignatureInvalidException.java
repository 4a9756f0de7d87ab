package eu.bus.envelope;

/** The signature over the body (or the digest it signs) does not verify. */
public final class SignatureInvalidException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public SignatureInvalidException(String message) {
        super(message);
    }

    public SignatureInvalidException(String message, Throwable cause) {
        super(message, cause);
    }
}
