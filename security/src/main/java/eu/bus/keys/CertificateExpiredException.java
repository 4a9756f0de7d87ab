package eu.bus.keys;

/** The certificate's notAfter lies before the instant of the check. */
public final class CertificateExpiredException extends CertificateRejectedException {
    private static final long serialVersionUID = 1L;

    public CertificateExpiredException(String message) {
        super(message);
    }

    public CertificateExpiredException(String message, Throwable cause) {
        super(message, cause);
    }
}
