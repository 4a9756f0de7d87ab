package eu.bus.envelope;

/**
 * Root of every reason a protected message is refused. Unchecked so that routes can let it travel to one
 * error handler; each subclass is one concern and its message says what happened and what to do.
 */
public abstract class EnvelopeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    protected EnvelopeException(String message) {
        super(message);
    }

    protected EnvelopeException(String message, Throwable cause) {
        super(message, cause);
    }
}
