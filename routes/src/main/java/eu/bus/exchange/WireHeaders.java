package eu.bus.exchange;

import eu.bus.message.HeaderCodec;
import eu.bus.message.MessageHeader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Names of the broker message properties the bus sets; the body is always the CMS bytes. */
public final class WireHeaders {

    /** The clear header as canonical JSON text. */
    public static final String BUS_HEADER = "busHeader";
    public static final String MESSAGE_ID = "busMessageId";
    public static final String SENDER = eu.bus.broker.EmbeddedBroker.SENDER_PROPERTY;
    public static final String CASE_ID = "busCaseId";
    /** Artemis duplicate detection: the message id, so a resend or replay is dropped by the broker. */
    public static final String DUPLICATE_ID = "_AMQ_DUPL_ID";
    /** On dead-lettered messages: a short code and the full reason. */
    public static final String REJECT_CODE = "busRejectCode";
    public static final String REJECT_REASON = "busRejectReason";
    public static final String REJECTED_BY = "busRejectedBy";
    /** On dead-lettered messages: the node the broker says put the refused message on the bus. */
    public static final String REJECTED_FROM = "busRejectedFrom";
    /**
     * On case lifecycle messages, stamped by the broker: the participants it decided for the change
     * (comma separated). Receivers apply the change only when the message says the same.
     */
    public static final String CASE_DECISION = eu.bus.broker.CaseDecision.PROPERTY;
    /** The JMS timestamp as Camel exposes it: when the message reached the broker (the broker stamps it). */
    public static final String BROKER_TIMESTAMP = "JMSTimestamp";

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

    /**
     * When a received message reached the broker; the clock's now for a message without a timestamp
     * (none from our broker, which stamps every message a node sends), which then gets no queueing allowance.
     */
    public static Instant reachedBroker(org.apache.camel.Message in, Clock clock) {
        Long millis = in.getHeader(BROKER_TIMESTAMP, Long.class);
        return millis == null || millis <= 0 ? clock.instant() : Instant.ofEpochMilli(millis);
    }
}
