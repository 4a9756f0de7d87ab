package eu.bus.exchange;

import eu.bus.message.MessageHeader;

/**
 * A message that arrived over the bus cannot be accepted (not the bus's wire format, unreadable
 * header, failed verification, invalid payload, replay, policy). It goes to the node's dead-letter
 * queue with {@link #reason()} and leaves an audit record; it is never retried, since retrying
 * cannot make it valid.
 * <p>
 * Whether the audit record may name the message depends on {@link #authenticatedHeader()}: only a
 * header the envelope's signature vouched for is recorded as the message's identity; a rejection
 * before that is recorded as unverified (digest and reason only), so a forged header can never put
 * words in a genuine message's history.
 */
public final class ReceptionRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final transient MessageHeader authenticatedHeader;

    public ReceptionRejectedException(String reason, String message, Throwable cause) {
        this(reason, message, cause, null);
    }

    public ReceptionRejectedException(String reason, String message) {
        this(reason, message, null, null);
    }

    private ReceptionRejectedException(String reason, String message, Throwable cause, MessageHeader authenticatedHeader) {
        super(message, cause);
        this.reason = reason;
        this.authenticatedHeader = authenticatedHeader;
    }

    /** The same rejection of a message whose envelope verified {@code header}. */
    public ReceptionRejectedException about(MessageHeader header) {
        ReceptionRejectedException about = new ReceptionRejectedException(reason, getMessage(), getCause(), header);
        about.setStackTrace(getStackTrace());
        return about;
    }

    /**
     * A short stable code: wire-format, invalid-header, relayed, unverifiable, invalid-payload,
     * duplicate, policy, undeliverable.
     */
    public String reason() {
        return reason;
    }

    /** The header the signature verified, or null when the message was refused before that. */
    public MessageHeader authenticatedHeader() {
        return authenticatedHeader;
    }
}
