package eu.bus.keys;

/** The certificate does not chain to the bus CA or a trust anchor (another PKI, a forged or damaged certificate). */
public final class UntrustedCertificateException extends CertificateRejectedException {
    private static final long serialVersionUID = 1L;

    public UntrustedCertificateException(String message) {
        super(message);
    }

    public UntrustedCertificateException(String message, Throwable cause) {
        super(message, cause);
    }
}
