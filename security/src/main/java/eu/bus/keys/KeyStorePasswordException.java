package eu.bus.keys;

/**
 * A key-store password cannot be used: it is missing, empty, readable by others, or does not open the
 * key store. The message names where the password is looked for and how to fix it, never the password.
 */
public final class KeyStorePasswordException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public KeyStorePasswordException(String message) {
        super(message);
    }

    public KeyStorePasswordException(String message, Throwable cause) {
        super(message, cause);
    }
}
