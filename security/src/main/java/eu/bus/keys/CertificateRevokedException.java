package eu.bus.keys;

/** The certificate is listed on the bus CRL. */
public final class CertificateRevokedException extends CertificateRejectedException {
    private static final long serialVersionUID = 1L;

    public CertificateRevokedException(String message) {
        super(message);
    }

    public CertificateRevokedException(String message, Throwable cause) {
        super(message, cause);
    }
}
