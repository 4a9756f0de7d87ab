package eu.bus.message;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * The clear header: everything the broker and routers need, readable without decryption.
 * It is bound to the protected body by signing its canonical form ({@link HeaderCodec#canonicalBytes}).
 * Optional fields are {@code null} when absent; schema validation has run before one is built.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder(alphabetic = true)
public record MessageHeader(
        UUID messageId,
        MessageType messageType,
        String schemaVersion,
        String sender,
        List<String> recipients,
        String caseId,
        String replyTo,
        UUID inReplyTo,
        Instant createdAt,
        Instant expiresAt,
        HandlingCode handlingCode,
        Classification classification,
        Evaluation evaluation,
        List<ProviderRestriction> providerRestrictions) {

    public MessageHeader {
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(messageType, "messageType");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(handlingCode, "handlingCode");
        Objects.requireNonNull(classification, "classification");
        recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
        providerRestrictions = providerRestrictions == null ? null : List.copyOf(providerRestrictions);
    }

    public Optional<String> caseIdIfAny() {
        return Optional.ofNullable(caseId);
    }

    public boolean isAddressedTo(String node) {
        return recipients.contains(node);
    }

    public boolean hasRestriction(RestrictionCode code) {
        return providerRestrictions != null
                && providerRestrictions.stream().anyMatch(r -> r.code() == code);
    }

    /** The same message created at another time: a sender protecting it again (after a key change or a long queue) dates it anew. */
    public MessageHeader withCreatedAt(Instant newCreatedAt) {
        return new MessageHeader(messageId, messageType, schemaVersion, sender, recipients, caseId, replyTo,
                inReplyTo, newCreatedAt, expiresAt, handlingCode, classification, evaluation, providerRestrictions);
    }

    /** The same header claiming another payload schema version (to check a payload against a newer schema). */
    public MessageHeader withSchemaVersion(String version) {
        return new MessageHeader(messageId, messageType, version, sender, recipients, caseId, replyTo,
                inReplyTo, createdAt, expiresAt, handlingCode, classification, evaluation, providerRestrictions);
    }

    /** A copy addressed to other recipients, e.g. when a unit forwards to Europol. */
    public MessageHeader withRecipients(List<String> newRecipients) {
        return new MessageHeader(messageId, messageType, schemaVersion, sender, newRecipients, caseId, replyTo,
                inReplyTo, createdAt, expiresAt, handlingCode, classification, evaluation, providerRestrictions);
    }
}
