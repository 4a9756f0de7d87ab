package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.audit.AuditEvent;
import eu.bus.envelope.EnvelopeException;
import eu.bus.envelope.OpenedMessage;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import eu.bus.policy.PolicyViolation;
import eu.bus.policy.SubmissionPolicy;
import eu.bus.validation.MessageValidator;
import eu.bus.validation.ValidationReport;

/**
 * Every check a message passes when it arrives over the bus, in this order: the bus's wire format
 * and sizes ({@link InboundWire}, before any body is read), the clear header against its schema, the
 * sender the broker authenticated against the header's sender (no node relays another's message),
 * decryption and signature with the header binding and time window (around when the message reached
 * the broker), replay (a message id is processed once per signer), then, with the message
 * authenticated, archive and audit, the payload against its pinned schema, and the exchange policy
 * and the case rules on this node's view (a receiver re-checks what the sender's gateway and the
 * broker should have). Any failure is a {@link ReceptionRejectedException}, never a retry, except a
 * case update or close that arrives before its case-open (retried).
 * <p>
 * Nothing a message claims is archived or audited as fact before its signature verified it: a
 * rejection before that carries no authenticated header, and the dead-letter step records it as
 * unverified (digest and reason), never under the identity the header claims.
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
     * Checks and opens; audits RECEIVED and OPENED once the message is authenticated, or leaves the failure
     * to the caller's dead-letter path. The message is marked processed only when the whole route succeeded
     * ({@link #markProcessed}), so a transient failure that rolls back is redelivered and processed, not
     * mistaken for a replay. createdAt is judged against when the message reached the broker, so a message
     * that waited in the queue is still accepted.
     */
    public Incoming receive(InboundWire wire) {
        MessageHeader header = readHeader(wire);
        OpenedMessage opened;
        try {
            opened = node.opener().open(header, wire.body(), wire.reachedBroker());
        } catch (EnvelopeException e) {
            throw new ReceptionRejectedException("unverifiable", e.getMessage(), e);
        }
        String key = ProcessedIds.key(opened.signer(), header.messageId());
        ProcessedIds.Claim claim = node.processed().claim(key);
        if (claim == ProcessedIds.Claim.PROCESSED && isResend(header, wire)) {
            return accept(header, opened, wire, true);
        }
        if (claim == ProcessedIds.Claim.PROCESSED) {
            throw new ReceptionRejectedException("duplicate", "message " + header.messageId() + " from " + opened.signer()
                    + " was already processed by " + node.node() + ": a replay or a resend; it is not processed twice").about(header);
        }
        if (claim == ProcessedIds.Claim.IN_FLIGHT && takenEarlierInThisBatch(key)) {
            // The earlier copy commits or rolls back with this one, in one transaction: judged as if it were processed.
            if (isResend(header, wire)) {
                return accept(header, opened, wire, true);
            }
            throw new ReceptionRejectedException("duplicate", "message " + header.messageId() + " from " + opened.signer()
                    + " came twice with the same bytes: a replay; it is not processed twice").about(header);
        }
        if (claim == ProcessedIds.Claim.IN_FLIGHT) {
            // Not a rejection: the other copy may still fail and roll back. This one rolls back and is redelivered later.
            throw new IllegalStateException("message " + header.messageId() + " is being processed by another consumer of "
                    + node.node() + "; this copy is retried");
        }
        try {
            return accept(header, opened, wire, false);
        } catch (ReceptionRejectedException e) {
            node.processed().release(key);
            throw e.authenticatedHeader() == null ? e.about(header) : e;
        } catch (RuntimeException e) {
            node.processed().release(key);
            throw e;
        }
    }

    /** The clear header, valid and consistent with the wire properties and the broker-authenticated sender. */
    private MessageHeader readHeader(InboundWire wire) {
        ValidationReport headerReport = validator.validateHeader(wire.headerJson());
        if (!headerReport.valid()) {
            throw new ReceptionRejectedException("invalid-header", "the clear header is not valid: "
                    + headerReport.errors().get(0).redacted());
        }
        MessageHeader header = headerReport.header();
        if (!header.messageId().toString().equals(wire.messageId())) {
            throw new ReceptionRejectedException("wire-format", "the message id property " + wire.messageId()
                    + " differs from the header's " + header.messageId());
        }
        if (!header.sender().equals(wire.brokerSender())) {
            // The broker vouches for who put the message on the bus; a copy of another node's message is a relay.
            throw new ReceptionRejectedException("relayed", "message " + header.messageId() + " names " + header.sender()
                    + " as its sender but was put on the bus by " + wire.brokerSender() + "; a node sends only its own"
                    + " messages (forwards are wrapped in a forwarded-message)");
        }
        return header;
    }

    /**
     * Whether a copy of a message this node processed already is its sender's new protection of it (other bytes,
     * signed by the sender: only its key makes one), which a sender makes after a key change when the receipt of
     * the first may never reach it. The same bytes again are a replay. Receipts are never resent.
     */
    private boolean isResend(MessageHeader header, InboundWire wire) {
        return header.messageType() != MessageType.DELIVERY_RECEIPT && !header.messageType().isCaseLifecycle()
                && node.archive().find(eu.bus.audit.Sha256.hex(wire.body())).isEmpty();
    }

    /** Records an authenticated message and checks its payload and the rules it must follow. */
    private Incoming accept(MessageHeader header, OpenedMessage opened, InboundWire wire, boolean resent) {
        byte[] body = wire.body();
        node.archive().store(header, body);
        // Not awaited here: the log is sequential, so the DELIVERED (or RECEIPTED) record awaited before the
        // route acknowledges anything makes these durable too; one fsync wait per message instead of several.
        audit.record(AuditEvent.RECEIVED, header, body);
        audit.record(AuditEvent.OPENED, header, body, "signed by " + opened.signer());
        JsonNode payload = readPayload(header, opened);
        Forwarded forwarded = forwards.verifyArrival(header, payload, node.opener(), validator);
        if (header.messageType() != MessageType.DELIVERY_RECEIPT) {
            try {
                policy.check(header.sender(), header);
                cases.checkArrival(header, payload, wire.caseDecision());
            } catch (PolicyViolation v) {
                throw new ReceptionRejectedException("policy", "policy " + v.rule() + ": " + v.getMessage(), v);
            }
        }
        return new Incoming(header, opened, payload, body, forwarded, wire.caseDecision(), resent);
    }

    public void markProcessed(Incoming incoming) {
        node.processed().add(keyOf(incoming));
    }

    /** Ends the claim of a message whose route failed after it was opened; a redelivery may take it again. */
    public void release(Incoming incoming) {
        node.processed().release(keyOf(incoming));
    }

    /**
     * Whether a copy of the same message went through earlier in the calling consumer's batch. A sender's new copy
     * (after a key change) often lands in the same batch as the first: failing it would roll the whole batch back, and
     * the next delivery would bring both together again, until the broker gives up on them.
     */
    private static boolean takenEarlierInThisBatch(String key) {
        ReceptionBatch batch = ReceptionBatch.current();
        return batch != null && batch.takes(key);
    }

    static String keyOf(Incoming incoming) {
        return ProcessedIds.key(incoming.opened().signer(), incoming.header().messageId());
    }

    private JsonNode readPayload(MessageHeader header, OpenedMessage opened) {
        return validPayload(validator, header, opened.payload(), "the payload of " + header.messageId());
    }

    /**
     * Parses signed payload bytes and checks them against the schema the header pins; {@code what}
     * names the payload in the rejection ("the payload of ...", "the original inside ...").
     */
    static JsonNode validPayload(MessageValidator validator, MessageHeader header, byte[] bytes, String what) {
        ValidationReport report = validator.validate(header, bytes);
        if (!report.valid()) {
            // The redacted form only: the payload was encrypted, its content must not leave through a reason.
            throw new ReceptionRejectedException("invalid-payload", what + " does not match schema "
                    + header.messageType().wireName() + " " + header.schemaVersion() + ": " + report.errors().get(0).redacted());
        }
        return report.document().get("payload");
    }
}
