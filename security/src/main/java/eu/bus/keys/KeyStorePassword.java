package eu.bus.keys;

/**
 * The password of one owner's PKCS#12 key stores, with where it came from. The value is never part of
 * {@link #toString()} or of any message: messages name the {@link #source()} instead, so that a user can
 * fix it without the secret ever reaching a terminal or a log.
 */
public final class KeyStorePassword {

    private final char[] value;
    private final String source;

    KeyStorePassword(char[] value, String source) {
        this.value = value.clone();
        this.source = source;
    }

    /** A copy of the password (callers may wipe it). */
    public char[] chars() {
        return value.clone();
    }

    /** Where the password came from, e.g. "the environment variable BUS_KEYSTORE_PASSWORD_NL_NMT". */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "the password from " + source;
    }
}
