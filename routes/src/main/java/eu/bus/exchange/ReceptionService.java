package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.audit.AuditEvent;
import eu.bus.envelope.EnvelopeException;
import eu.bus.envelope.OpenedMessage;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import eu.bus.policy.PolicyViolation;
import eu.bus.policy.SubmissionPolicy;
import eu.bus.validation.MessageValidator;
import eu.bus.validation.ValidationReport;
import java.io.IOException;
import java.time.Instant;

/**
 * Every check a message passes when it arrives over the bus, in this order: the clear header
 * against its schema, replay (a message id is processed once), decryption and signature with the
 * header binding and time window (around when the message reached the broker), the payload against its pinned schema, and the exchange policy
 * and the case rules on this node's view (a receiver re-checks what the sender's gateway and the
 * broker should have). Any failure is a {@link ReceptionRejectedException}, never a retry, except a
 * case update or close that arrives before its case-open (retried).
 */
public final class ReceptionService {

    private final NodeServices node;
    private final NodeAudit audit;
    private final MessageValidator validator;
    private final SubmissionPolicy policy;
    private final CaseBook cases;
    private final Forwards forwards = new Forwards();

    public ReceptionService(NodeServices node, NodeAudit audit, MessageValidator validator, SubmissionPolicy policy,
                            CaseBook cases) {
        this.node = node;
        this.audit = audit;
        this.validator = validator;
        this.policy = policy;
        this.cases = cases;
    }

    /**
     * Checks and opens; audits RECEIVED and OPENED, or leaves the failure to the caller's dead-letter path.
     * The id is marked processed only when the whole route succeeded ({@link #markProcessed}), so a
     * transient failure that rolls back is redelivered and processed, not mistaken for a replay.
    /**
     * @param sentAt when the message reached the broker (its timestamp, stamped by the broker); createdAt is
     *               judged against it, so a message that waited in the queue is still accepted
     */
    public Incoming receive(String headerJson, byte[] body, Instant sentAt) {
        ValidationReport headerReport = validator.validateHeader(headerJson);
        if (!headerReport.valid()) {
            throw new ReceptionRejectedException("invalid-header", "the clear header is not valid: "
                    + headerReport.errors().get(0).describe());
        }
        MessageHeader header = headerReport.header();
        if (body == null || body.length == 0) {
            throw new ReceptionRejectedException("unverifiable", "message " + header.messageId() + " has an empty body");
        }
        node.archive().store(header, body);
        audit.record(AuditEvent.RECEIVED, header, body);
        String id = header.messageId().toString();
        ProcessedIds.Claim claim = node.processed().claim(id);
        if (claim == ProcessedIds.Claim.PROCESSED) {
            throw new ReceptionRejectedException("duplicate", "message " + header.messageId()
                    + " was already processed by " + node.node() + ": a replay or a resend; it is not processed twice");
        }
        if (claim == ProcessedIds.Claim.IN_FLIGHT) {
            // Not a rejection: the other copy may still fail and roll back. This one rolls back and is redelivered later.
            throw new IllegalStateException("message " + header.messageId() + " is being processed by another consumer of "
                    + node.node() + "; this copy is retried");
        }
        try {
            return open(header, body, sentAt);
        } catch (RuntimeException e) {
            node.processed().release(id);
            throw e;
        }
    }

    /** Opens and checks a message whose id this consumer has claimed. */
    private Incoming open(MessageHeader header, byte[] body, Instant sentAt) {
        OpenedMessage opened;
        try {
            opened = node.opener().open(header, body, sentAt);
        } catch (EnvelopeException e) {
            throw new ReceptionRejectedException("unverifiable", e.getMessage(), e);
        }
        JsonNode payload = readPayload(header, opened);
        Forwarded forwarded = forwards.verifyArrival(header, payload, node.opener(), validator);
        if (header.messageType() != MessageType.DELIVERY_RECEIPT) {
            try {
                policy.check(header.sender(), header);
                cases.checkArrival(header, payload);
            } catch (PolicyViolation v) {
                throw new ReceptionRejectedException("policy", "policy " + v.rule() + ": " + v.getMessage(), v);
            }
        }
        // Not awaited here: the log is sequential, so the DELIVERED (or RECEIPTED) record awaited before the
        // route acknowledges anything makes this one durable too; one fsync wait per message instead of two.
        audit.record(AuditEvent.OPENED, header, body, "signed by " + opened.signer());
        return new Incoming(header, opened, payload, body, forwarded);
    }

    public void markProcessed(Incoming incoming) {
        node.processed().add(incoming.header().messageId().toString());
    }

    /** Ends the claim of a message whose route failed after it was opened; a redelivery may take it again. */
    public void release(Incoming incoming) {
        node.processed().release(incoming.header().messageId().toString());
    }

    /** The header of a message being dead-lettered, if it can be read at all (for the audit record). */
    public MessageHeader headerIfReadable(String headerJson) {
        return validator.validateHeader(headerJson).headerIfValid().orElse(null);
    }

    private JsonNode readPayload(MessageHeader header, OpenedMessage opened) {
        return validPayload(validator, header, opened.payload(), "the payload of " + header.messageId());
    }

    /**
     * Parses signed payload bytes and checks them against the schema the header pins; {@code what}
     * names the payload in the rejection ("the payload of ...", "the original inside ...").
     */
    static JsonNode validPayload(MessageValidator validator, MessageHeader header, byte[] bytes, String what) {
        JsonNode payload;
        try {
            payload = Json.mapper().readTree(bytes);
        } catch (IOException e) {
            throw new ReceptionRejectedException("invalid-payload", what + " is not JSON: " + e.getMessage(), e);
        }
        ValidationReport report = validator.validate(header, payload);
        if (!report.valid()) {
            throw new ReceptionRejectedException("invalid-payload", what + " does not match schema "
                    + header.messageType().wireName() + " " + header.schemaVersion() + ": " + report.errors().get(0).describe());
        }
        return payload;
    }
}
