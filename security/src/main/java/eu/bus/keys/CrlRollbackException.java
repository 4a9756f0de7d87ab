package eu.bus.keys;

/**
 * A CRL that cannot be shown to be newer than the one in use: a lower CRL number, the same number with other
 * content, or no number at all. Installing it could un-revoke a certificate revoked since (an older CRL is still
 * validly signed), so the CRL in use is kept.
 */
public final class CrlRollbackException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CrlRollbackException(String message) {
        super(message);
    }
}
