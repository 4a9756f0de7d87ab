package eu.bus.keys;

/** A PKCS#12 key store a process needs is not there; the message says which {@code bus keys} command issues it. */
public final class MissingKeyStoreException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public MissingKeyStoreException(String message) {
        super(message);
    }
}
