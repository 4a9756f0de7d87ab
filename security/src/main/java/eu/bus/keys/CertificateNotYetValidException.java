package eu.bus.keys;

/** The certificate's notBefore lies after the instant of the check (often clock skew). */
public final class CertificateNotYetValidException extends CertificateRejectedException {
    private static final long serialVersionUID = 1L;

    public CertificateNotYetValidException(String message) {
        super(message);
    }

    public CertificateNotYetValidException(String message, Throwable cause) {
        super(message, cause);
    }
}
