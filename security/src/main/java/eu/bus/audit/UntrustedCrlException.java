package eu.bus.audit;

/** The CRL given to check revocation is not the CA's: issued by another CA, or its signature does not verify. */
public final class UntrustedCrlException extends Exception {
    private static final long serialVersionUID = 1L;

    public UntrustedCrlException(String message) {
        super(message);
    }
}
