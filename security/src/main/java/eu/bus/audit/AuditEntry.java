package eu.bus.audit;

import eu.bus.message.MessageHeader;
import java.util.Objects;
import java.util.UUID;

/**
 * What a caller knows about an event; the log adds sequence, time, node and chain when it seals
 * it into an {@link AuditRecord}. Holds header metadata and digests only, never a payload.
 * Build one with {@link #of(AuditEvent)}.
 */
public record AuditEntry(
        AuditEvent event,
        String user,
        UUID messageId,
        String messageType,
        String caseId,
        String digest,
        String purpose,
        String reason,
        AuditOutcome outcome) {

    public AuditEntry {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(outcome, "outcome");
        if (event == AuditEvent.REJECTED && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a REJECTED record needs a reason");
        }
        if (digest != null) {
            Sha256.fromHex(digest);
        }
    }

    public static Builder of(AuditEvent event) {
        return new Builder(event);
    }

    /** Fluent builder; routes append from many threads, each with its own builder. */
    public static final class Builder {
        private final AuditEvent event;
        private String user;
        private UUID messageId;
        private String messageType;
        private String caseId;
        private String digest;
        private String purpose;
        private String reason;
        private AuditOutcome outcome;

        private Builder(AuditEvent event) {
            this.event = Objects.requireNonNull(event, "event");
        }

        /** Takes id, type and case id from the clear header. */
        public Builder message(MessageHeader header) {
            this.messageId = header.messageId();
            this.messageType = header.messageType().name();
            this.caseId = header.caseId();
            return this;
        }

        public Builder messageId(UUID messageId) {
            this.messageId = messageId;
            return this;
        }

        public Builder messageType(String messageType) {
            this.messageType = messageType;
            return this;
        }

        public Builder caseId(String caseId) {
            this.caseId = caseId;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        /** Digest of the protected (CMS) bytes, computed here so callers cannot get the encoding wrong. */
        public Builder protectedBytes(byte[] protectedBytes) {
            this.digest = Sha256.hex(protectedBytes);
            return this;
        }

        public Builder digest(String sha256Hex) {
            this.digest = sha256Hex;
            return this;
        }

        public Builder purpose(String purpose) {
            this.purpose = purpose;
            return this;
        }

        public Builder reason(String reason) {
            this.reason = reason;
            return this;
        }

        public Builder outcome(AuditOutcome outcome) {
            this.outcome = outcome;
            return this;
        }

        public AuditEntry build() {
            AuditOutcome o = outcome != null ? outcome
                    : event.isFailureByDefault() ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS;
            return new AuditEntry(event, user, messageId, messageType, caseId, digest, purpose, reason, o);
        }
    }
}
