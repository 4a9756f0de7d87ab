package eu.bus.exchange;

import eu.bus.broker.WireProperties;
import eu.bus.message.HeaderCodec;
import eu.bus.message.MessageHeader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names of the broker message properties the bus sets; the body is always the CMS bytes. */
public final class WireHeaders {

    /** The clear header as canonical JSON text. */
    public static final String BUS_HEADER = WireProperties.HEADER;
    public static final String MESSAGE_ID = WireProperties.MESSAGE_ID;
    public static final String SENDER = WireProperties.SENDER;
    public static final String CASE_ID = WireProperties.CASE_ID;
    /** Artemis duplicate detection: the message id, so a resend or replay is dropped by the broker. */
    public static final String DUPLICATE_ID = WireProperties.DUPLICATE_ID;
    /** On dead-lettered messages: a short code and the full reason. */
    public static final String REJECT_CODE = WireProperties.REJECT_CODE;
    public static final String REJECT_REASON = WireProperties.REJECT_REASON;
    public static final String REJECTED_BY = WireProperties.REJECTED_BY;
    /** On dead-lettered messages: the node the broker says put the refused message on the bus. */
    public static final String REJECTED_FROM = WireProperties.REJECTED_FROM;
    /**
     * On case lifecycle messages, stamped by the broker: the participants it decided for the change
     * (comma separated). Receivers apply the change only when the message says the same.
     */
    public static final String CASE_DECISION = eu.bus.broker.CaseDecision.PROPERTY;
    private WireHeaders() {
    }

    /**
     * The properties every protected message carries: the clear header (canonical JSON, the bytes the
     * signature binds), id, sender, case, and the id again for the broker's duplicate detection.
     */
    public static Map<String, String> of(MessageHeader header) {
        Map<String, String> wire = new LinkedHashMap<>();
        wire.put(BUS_HEADER, new String(HeaderCodec.canonicalBytes(header), StandardCharsets.UTF_8));
        wire.put(MESSAGE_ID, header.messageId().toString());
        wire.put(SENDER, header.sender());
        if (header.caseId() != null) {
            wire.put(CASE_ID, header.caseId());
        }
        wire.put(DUPLICATE_ID, header.messageId().toString());
        return wire;
    }
}
