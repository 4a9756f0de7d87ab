package eu.bus.keys;

/** The CRL is past its nextUpdate, so revocation cannot be judged. */
public final class RevocationStatusUnknownException extends CertificateRejectedException {
    private static final long serialVersionUID = 1L;

    public RevocationStatusUnknownException(String message) {
        super(message);
    }

    public RevocationStatusUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
