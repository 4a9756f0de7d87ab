package eu.bus.envelope;

/** The body was signed by another node than the header names as sender. */
public final class SignerMismatchException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public SignerMismatchException(String message) {
        super(message);
    }

    public SignerMismatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
