package eu.bus.envelope;

/** The bytes are not a bus message: not DER, not CMS AuthEnvelopedData/SignedData, truncated, or an algorithm the bus does not accept. */
public final class MalformedEnvelopeException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public MalformedEnvelopeException(String message) {
        super(message);
    }

    public MalformedEnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
