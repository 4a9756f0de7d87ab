package eu.bus.envelope;

/** The content-encryption key could not be unwrapped or the AES-GCM tag did not verify: altered in transit, or encrypted for another key. */
public final class DecryptionFailedException extends EnvelopeException {
    private static final long serialVersionUID = 1L;

    public DecryptionFailedException(String message) {
        super(message);
    }

    public DecryptionFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
