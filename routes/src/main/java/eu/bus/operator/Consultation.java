package eu.bus.operator;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.archive.ArchiveStorageException;
import eu.bus.archive.ArchivedMessage;
import eu.bus.audit.AuditEntry;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.envelope.EnvelopeException;
import eu.bus.envelope.OpenedMessage;
import eu.bus.exchange.NodeAudit;
import eu.bus.exchange.NodeServices;
import eu.bus.message.Json;
import java.io.IOException;
import java.util.UUID;

/**
 * A recipient reads a message it received: its archived copy (the one whose digest its audit log recorded on
 * arrival) decrypted and verified locally, and recorded as a consultation (who, when, which message, why), as
 * the Law Enforcement Directive's logging rules (Art. 25) require. The record is durable before any content is
 * returned: no read without its log entry.
 */
public final class Consultation {

    private static final int MAX_PURPOSE = 500;

    /** The content as read, and the audit record of the reading. */
    public record Read(OpenedMessage message, JsonNode payload, String digest, AuditRecord record) {
    }

    private final NodeServices node;
    private final NodeAudit audit;

    public Consultation(NodeServices node, NodeAudit audit) {
        this.node = node;
        this.audit = audit;
    }

    public Read read(UUID messageId, String purpose, String operator) {
        String why = requirePurpose(purpose);
        ReceivedMessage received = new ReceivedMessages(node.audit()).find(messageId).orElseThrow(() ->
                OperatorRefusal.notFound("not-received", node.node() + " received no message " + messageId + "; a node reads only"
                        + " what it received (a sender keeps no readable copy: it was encrypted for the recipients). List them with:"
                        + " bus messages list --as " + node.node()));
        ArchivedMessage archived = node.archive().find(received.digest()).orElseThrow(() ->
                OperatorRefusal.conflict("not-archived", "message " + messageId + " was received by " + node.node()
                        + " but its archived copy " + received.digest() + " is gone (purged under the retention rule,"
                        + " see bus audit purge); the audit log keeps its metadata only"));
        OpenedMessage opened;
        JsonNode payload;
        try {
            opened = node.opener().openAccepted(archived.header(), node.archive().body(archived));
            payload = Json.mapper().readTree(opened.payload());
        } catch (EnvelopeException | ArchiveStorageException | IOException e) {
            throw OperatorRefusal.conflict("unreadable", "the archived copy of message " + messageId + " cannot be read: "
                    + e.getMessage() + "; check it with: bus audit verify " + node.layout().audit(node.node()));
        }
        AuditRecord record = consulted(archived, why, operator);
        return new Read(opened, payload, archived.digest(), record);
    }

    private AuditRecord consulted(ArchivedMessage archived, String purpose, String operator) {
        String who = OperatorAction.who(node.node(), operator);
        var record = audit.append(AuditEntry.of(AuditEvent.CONSULTED).message(archived.header()).digest(archived.digest())
                .user(who).purpose(purpose).reason("content read for: " + purpose).build());
        NodeAudit.awaitDurable(record);
        return record.join();
    }

    private static String requirePurpose(String purpose) {
        if (purpose == null || purpose.isBlank()) {
            throw OperatorRefusal.invalid("purpose-required", "a purpose is required to read a message's content: the Law"
                    + " Enforcement Directive (Art. 25) requires every consultation to be logged with its justification;"
                    + " give it with --purpose \"...\" (e.g. --purpose \"case CASE-2026-000123: analyst review\")");
        }
        if (purpose.length() > MAX_PURPOSE) {
            throw OperatorRefusal.invalid("purpose-required", "the purpose is " + purpose.length() + " characters; at most "
                    + MAX_PURPOSE);
        }
        return purpose.strip();
    }
}
