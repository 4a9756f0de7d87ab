package eu.bus.keys;

/**
 * This node's own keys cannot be used: its certificate is revoked, expired or no longer the registered one.
 * Nothing is signed or sent with them; the message says which certificate, why, and what to run.
 */
public final class NodeKeysUnusableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final String node;
    private final LiveCredentials.Status status;

    public NodeKeysUnusableException(String node, LiveCredentials.Status status, String message) {
        super(message);
        this.node = node;
        this.status = status;
    }

    public String node() {
        return node;
    }

    /** {@code REVOKED} or {@code INVALID}. */
    public LiveCredentials.Status status() {
        return status;
    }
}
