package eu.bus.broker;

import eu.bus.keys.NodeRole;
import java.util.Optional;
import org.apache.activemq.artemis.core.security.CheckType;

/**
 * Which node may do what on which broker address, derived from the node registry and the case
 * participants (docs/EXCHANGE.md, "Broker"): any node but an auditor may send to any inbox; a node
 * consumes and browses only its own queues; only participants send to, subscribe to and read a
 * case topic, and nobody sends to the topic of a closed case (its participants still read what is left); every node but an auditor may send case changes to the control address, which
 * nobody reads; nobody manages the broker or writes to dead-letter queues over the wire.
 */
public final class AccessPolicy {

    private final CaseParticipants cases;

    public AccessPolicy(CaseParticipants cases) {
        this.cases = cases;
    }

    /**
     * What another site's broker may do here: hand over messages for a node's queues that take from others (inbox,
     * receipts, witness), nothing else
     * (no reading, browsing, creating or case topics). Whose messages it may hand over is checked on each message
     * ({@link SenderIntegrityPlugin}).
     */
    public Optional<String> denyLink(CheckType check, String address) {
        Optional<BusAddresses.Parsed> parsed = BusAddresses.parse(address);
        if (parsed.isEmpty()) {
            return Optional.of("'" + address + "' is not a bus address");
        }
        BusAddresses.Kind kind = parsed.get().kind();
        return check == CheckType.SEND && kind.takesFromOthers()
                ? Optional.empty() : Optional.of("a site's link only hands over messages for inboxes, receipts and witness queues");
    }

    /** Empty when allowed; otherwise why not, in words for the broker log and the audit trail. */
    public Optional<String> deny(String node, NodeRole role, CheckType check, String address) {
        Optional<BusAddresses.Parsed> parsed = BusAddresses.parse(address);
        if (parsed.isEmpty()) {
            return Optional.of("'" + address + "' is not a bus address");
        }
        BusAddresses.Parsed target = parsed.get();
        boolean own = target.owner().equals(node);
        switch (target.kind()) {
            case INBOX, RECEIPTS, WITNESS -> {
                if (check == CheckType.SEND) {
                    return role == NodeRole.AUDITOR ? Optional.of("auditors read logs; they do not send messages") : Optional.empty();
                }
                if (check == CheckType.CONSUME || check == CheckType.BROWSE) {
                    return own ? Optional.empty() : Optional.of("only " + target.owner() + " may read " + address);
                }
            }
            case DEAD_LETTER, EXPIRED -> {
                if (check == CheckType.CONSUME || check == CheckType.BROWSE) {
                    return own ? Optional.empty() : Optional.of("only " + target.owner() + " may read " + address);
                }
                // A node dead-letters what it could not accept, with the reason; nobody writes to another's.
                if (check == CheckType.SEND && own && target.kind() == BusAddresses.Kind.DEAD_LETTER) {
                    return Optional.empty();
                }
            }
            case REPLAY -> {
                // A node's replays (bus audit replay --to-queue), for its own reprocessing system only.
                if (check == CheckType.SEND || check == CheckType.CONSUME || check == CheckType.BROWSE) {
                    return own ? Optional.empty() : Optional.of("only " + target.owner() + " may use " + address);
                }
            }
            case CASE_TOPIC -> {
                if (!cases.isParticipant(target.owner(), node)) {
                    return Optional.of(node + " is not a participant of case " + target.owner());
                }
                if (check == CheckType.SEND && cases.isClosed(target.owner())) {
                    return Optional.of("case " + target.owner() + " is closed: its topic takes no more messages");
                }
                if (!subscriptionBelongsTo(address, node, target.owner())) {
                    return Optional.of("on a case topic a node uses only the subscription the broker made for it ("
                            + BusAddresses.caseSubscription(node, target.owner()) + "), so no node can drain another's"
                            + " or pile up extra copies");
                }
                if (check == CheckType.SEND || check == CheckType.CONSUME || check == CheckType.BROWSE
                        || check == CheckType.CREATE_ADDRESS || check == CheckType.CREATE_DURABLE_QUEUE) {
                    return Optional.empty();
                }
            }
            case CASE_CONTROL -> {
                // Every node may ask for a case change (the broker decides on each); nobody may read the address.
                if (check == CheckType.SEND) {
                    return role == NodeRole.AUDITOR ? Optional.of("auditors do not change cases") : Optional.empty();
                }
            }
            default -> {
            }
        }
        return Optional.of(check + " on " + address + " is not permitted to nodes");
    }

    /** For {@code address::queue} names: the queue must be the node's own subscription on that case. */
    private static boolean subscriptionBelongsTo(String name, String node, String caseId) {
        int fqqn = name.indexOf("::");
        return fqqn < 0 || name.substring(fqqn + 2).equals(BusAddresses.caseSubscription(node, caseId));
    }
}
