package eu.bus.keys;

/**
 * The certificate may well be issued by the bus CA, but it is not the certificate the node registry pins
 * for the node it names: a replaced (rotated) certificate, or one the CA should never have issued.
 */
public final class UnregisteredCertificateException extends CertificateRejectedException {
    private static final long serialVersionUID = 1L;

    public UnregisteredCertificateException(String message) {
        super(message);
    }
}
