package eu.bus.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One sealed audit record as stored: who (node, user), what (event, outcome), when (time, sequence),
 * which message (id, type, case, digest), why (purpose, reason), and the hash of the previous
 * record's stored bytes (its RFC 6962 leaf hash), which chains the records together.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditRecord(
        long sequence,
        Instant time,
        String node,
        String user,
        AuditEvent event,
        UUID messageId,
        String messageType,
        String caseId,
        String digest,
        String purpose,
        String reason,
        AuditOutcome outcome,
        String previousHash) {

    /** The previous hash of record 0: there is nothing before it. */
    public static final String GENESIS = "0".repeat(2 * Sha256.LENGTH);

    public AuditRecord {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(previousHash, "previousHash");
    }

    static AuditRecord seal(AuditEntry e, long sequence, Instant time, String node, String previousHash) {
        return new AuditRecord(sequence, time, node, e.user(), e.event(), e.messageId(), e.messageType(),
                e.caseId(), e.digest(), e.purpose(), e.reason(), e.outcome(), previousHash);
    }
}
