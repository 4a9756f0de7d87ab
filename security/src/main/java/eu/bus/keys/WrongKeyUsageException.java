package eu.bus.keys;

/** The certificate's key usage does not allow what it is used for (e.g. an encryption certificate used to sign). */
public final class WrongKeyUsageException extends CertificateRejectedException {
    private static final long serialVersionUID = 1L;

    public WrongKeyUsageException(String message) {
        super(message);
    }

    public WrongKeyUsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
