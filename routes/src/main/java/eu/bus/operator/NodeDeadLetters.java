package eu.bus.operator;

import eu.bus.audit.AuditEntry;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditOutcome;
import eu.bus.exchange.NodeAudit;
import eu.bus.exchange.NodeGateway;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A node's dead letters and what an operator may do with them. Received: what the node refused, in its
 * dead-letter queue; it may be discarded (audited DISCARDED with who and why), never resubmitted, since only
 * its sender can protect it again. Sent: what its recipients refused (the node's status store); it may be
 * resubmitted, protected again with the node's current keys (the gateway audits RESUBMITTED).
 */
public final class NodeDeadLetters {

    /** Both sides at once, as listed. */
    public record Listing(List<ReceivedDeadLetter> received, List<SentRefusal> sent) {
    }

    /** One entry: exactly one side is present. */
    public record Entry(Optional<ReceivedDeadLetter> received, Optional<SentRefusal> sent) {
    }

    private final NodeGateway gateway;
    private final DeadLetterQueue queue;
    private final SentRefusals refusals;

    public NodeDeadLetters(NodeGateway gateway) {
        this.gateway = gateway;
        this.queue = new DeadLetterQueue(gateway.brokerConnections(), gateway.node());
        this.refusals = new SentRefusals(gateway.services().status());
    }

    public Listing list() {
        return new Listing(queue.browse(), refusals.list());
    }

    /** A received dead letter by its dead-letter id (or the message id it claims), else a refused sent message. */
    public Entry show(String id) {
        UUID uuid = parse(id);
        Optional<ReceivedDeadLetter> received = queue.find(uuid);
        if (received.isPresent()) {
            return new Entry(received, Optional.empty());
        }
        return new Entry(Optional.empty(), Optional.of(refusals.of(uuid).orElseThrow(() -> unknown(id))));
    }

    /** Removes a received dead letter for good; the audit record is durable before the broker forgets it. */
    public ReceivedDeadLetter discard(String id, OperatorAction action) {
        Entry entry = show(id);
        if (entry.received().isEmpty()) {
            throw OperatorRefusal.conflict("not-discardable", "message " + id + " is a message " + gateway.node() + " sent,"
                    + " refused by " + String.join(", ", entry.sent().orElseThrow().refusals().keySet()) + "; its refusal is its"
                    + " final status and there is no copy to discard. Resubmit it with: bus dlq resubmit " + id + " --as "
                    + gateway.node() + " --reason \"...\"");
        }
        String brokerId = entry.received().get().id();
        return queue.take(brokerId, taken -> NodeAudit.awaitDurable(gateway.audit().append(discarded(taken, action))))
                .orElseThrow(() -> OperatorRefusal.notFound("unknown-dead-letter", "dead letter " + brokerId
                        + " was removed meanwhile (another operator?); see: bus dlq list --as " + gateway.node()));
    }

    /** Protects a refused sent message again with current keys and resends it; returns the recipients it went to. */
    public List<String> resubmit(String id, OperatorAction action) {
        UUID uuid = parse(id);
        if (queue.find(uuid).isPresent()) {
            throw OperatorRefusal.conflict("not-resubmittable", "dead letter " + id + " is a message " + gateway.node()
                    + " refused on reception; only its sender can protect it again. Its sender sees it as DEAD_LETTERED, with"
                    + " the reason, through the negative receipt; remove it here with: bus dlq discard " + id + " --as "
                    + gateway.node() + " --reason \"...\"");
        }
        if (!refusals.sent(uuid)) {
            throw unknown(id);
        }
        try {
            return gateway.resubmit(uuid, action.user() + ": " + action.reason());
        } catch (IllegalArgumentException nothingToResend) {
            throw OperatorRefusal.conflict("not-resubmittable", nothingToResend.getMessage());
        } catch (eu.bus.exchange.SubmissionRejectedException refused) {
            // Protected again, it no longer passes a rule (a recipient's certificate revoked, the policy changed).
            throw OperatorRefusal.conflict(refused.rule(), "message " + id + " was not resubmitted: " + refused.getMessage());
        }
    }

    private AuditEntry discarded(ReceivedDeadLetter taken, OperatorAction action) {
        AuditEntry.Builder entry = AuditEntry.of(AuditEvent.DISCARDED).user(action.user()).purpose(gateway.audit().purpose())
                .outcome(AuditOutcome.SUCCESS).reason("dead letter " + taken.id() + " (" + taken.code() + ", put on the bus by "
                        + taken.sentBy() + ", claimed id " + taken.messageId() + ") discarded from " + queue.address() + ": "
                        + action.reason());
        if (taken.digest() != null && taken.size() > 0) {
            entry.digest(taken.digest());
        }
        // The claimed id is not authenticated: it stays in the reason, never in the record's message id.
        return entry.build();
    }

    private UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw unknown(id);
        }
    }

    private OperatorRefusal unknown(String id) {
        return OperatorRefusal.notFound("unknown-dead-letter", gateway.node() + " has no dead letter " + id
                + "; list them with: bus dlq list --as " + gateway.node());
    }
}
