package eu.bus.exchange;

/**
 * Something a node depends on (the broker, its audit log) cannot take work right now. Not a bug and
 * not the caller's fault: nothing was acknowledged, and the same request may be retried later (a
 * retried submission of the same document is answered once, never sent twice). The REST API answers
 * 503 with Retry-After. An {@link IllegalStateException} so existing handling of broker failures holds.
 */
public final class NodeUnavailableException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public NodeUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
