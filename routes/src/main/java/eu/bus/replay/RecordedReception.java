package eu.bus.replay;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import java.time.Instant;
import java.util.UUID;

/**
 * A copy of a message as the receiving node's audit log tells it: RECEIVED (its signature had verified the header;
 * the digest names its archived body), then what became of it: DELIVERED, or DEAD_LETTERED with the reason.
 *
 * @param outcome DELIVERED, DEAD_LETTERED, or RECEIVED when nothing followed (the node stopped in between)
 */
public record RecordedReception(long sequence, UUID messageId, String messageType, String caseId, Instant receivedAt,
                                String digest, AuditEvent outcome, String reason) {

    /** The dead-letter codes the opening pipeline decides from the content: a replay must reach the same verdict. */
    private static final java.util.Set<String> CONTENT_CODES = java.util.Set.of("invalid-payload", "unverifiable");

    static RecordedReception received(AuditRecord r) {
        return new RecordedReception(r.sequence(), r.messageId(), r.messageType(), r.caseId(), r.time(), r.digest(),
                AuditEvent.RECEIVED, null);
    }

    RecordedReception settled(AuditRecord r) {
        return new RecordedReception(sequence, messageId, messageType, caseId, receivedAt, digest, r.event(), r.reason());
    }

    /** The dead-letter code (the reason's first word), or null. */
    public String refusalCode() {
        if (outcome != AuditEvent.DEAD_LETTERED || reason == null) {
            return null;
        }
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    /**
     * Whether the log's verdict was about the content, so that a replay must reach the same one: delivered, or
     * refused as invalid or unverifiable. A copy refused as a duplicate, as stale or by policy was judged on other
     * grounds; its content is replayed and reported, not compared.
     */
    public boolean verdictOnContent() {
        return outcome == AuditEvent.DELIVERED || CONTENT_CODES.contains(refusalCode());
    }

    /** Whether the log says the content was accepted (delivered). */
    public boolean accepted() {
        return outcome == AuditEvent.DELIVERED;
    }
}
