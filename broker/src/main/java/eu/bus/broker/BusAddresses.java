package eu.bus.broker;

import eu.bus.message.CaseId;
import java.util.List;
import java.util.Optional;

/**
 * The broker address names (docs/EXCHANGE.md) in one place: an anycast inbox, a dead-letter
 * queue, an expiry queue, a receipts queue and a witness queue (checkpoints other nodes ask it to cosign, and its
 * own witnesses' answers) per node, and a multicast topic per case.
 */
public final class BusAddresses {

    public static final String PREFIX = "bus.";
    public static final String CASE_PREFIX = PREFIX + "case.";
    /**
     * Where nodes ask the broker to change a case's participants ({@link CaseChange}). A multicast
     * address with no queue: the broker acts on each message as it arrives and stores nothing.
     */
    public static final String CASE_CONTROL = PREFIX + "control.cases";

    /** What an address is for; {@code owner} is the node (or the case id for a case topic). */
    public enum Kind {
        INBOX("inbox"), DEAD_LETTER("dlq"), EXPIRED("expired"), RECEIPTS("receipts"), WITNESS("witness"),
        /** Replayed messages (bus audit replay --to-queue) for the node's own reprocessing system: never a gateway's. */
        REPLAY("replay"),
        CASE_TOPIC(null), CASE_CONTROL(null);

        /** Whether any node (not auditors) may send to another node's queue of this kind, and a site link carry it. */
        public boolean takesFromOthers() {
            return this == INBOX || this == RECEIPTS || this == WITNESS;
        }

        final String suffix;

        Kind(String suffix) {
            this.suffix = suffix;
        }
    }

    public record Parsed(Kind kind, String owner) {
    }

    private BusAddresses() {
    }

    public static String inbox(String node) {
        return of(Kind.INBOX, node);
    }

    public static String deadLetter(String node) {
        return of(Kind.DEAD_LETTER, node);
    }

    public static String expired(String node) {
        return of(Kind.EXPIRED, node);
    }

    public static String receipts(String node) {
        return of(Kind.RECEIPTS, node);
    }

    public static String witness(String node) {
        return of(Kind.WITNESS, node);
    }

    public static String replay(String node) {
        return of(Kind.REPLAY, node);
    }

    /** A node's queues that other nodes send to: created for it at its site and carried to it from other sites. */
    public static List<String> fromOthers(String node) {
        return java.util.Arrays.stream(Kind.values()).filter(Kind::takesFromOthers).map(kind -> of(kind, node)).toList();
    }

    public static String caseTopic(String caseId) {
        return CASE_PREFIX + caseId;
    }

    /** The durable subscription queue of a participant on a case topic (no dots: JMS would escape them). */
    public static String caseSubscription(String node, String caseId) {
        return node + "-case-" + caseId;
    }

    /**
     * The divert that copies a case topic's publications to the inbox of a participant at another site (a name of a
     * binding on the topic, like the queues: {@code -to-inbox} keeps it apart from them).
     */
    public static String caseDivert(String node, String caseId) {
        return caseSubscription(node, caseId) + "-to-inbox";
    }

    /**
     * The filter of a participant's case subscription: it does not get back what it published. The
     * consumer must ask for exactly this selector, or the broker refuses the subscription.
     */
    public static String caseSubscriptionFilter(String node) {
        return EmbeddedBroker.SENDER_PROPERTY + " <> '" + node + "'";
    }

    /** The node a case subscription queue belongs to, or null if the name is not one. */
    public static String subscriptionOwner(String queue, String caseId) {
        String suffix = "-case-" + caseId;
        return queue.endsWith(suffix) ? queue.substring(0, queue.length() - suffix.length()) : null;
    }

    /** Case topics and the case control address are multicast (JMS topics); everything else is a queue. */
    public static boolean isMulticast(String address) {
        return address.startsWith(CASE_PREFIX) || address.equals(CASE_CONTROL);
    }

    public static String of(Kind kind, String owner) {
        return kind == Kind.CASE_TOPIC ? caseTopic(owner) : PREFIX + owner + "." + kind.suffix;
    }

    /**
     * Reads an address (or a fully qualified queue name {@code address::queue}, of which only the
     * address counts). Anything that is not a bus address is empty, and the policy denies it.
     */
    public static Optional<Parsed> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        int fqqn = name.indexOf("::");
        String address = fqqn >= 0 ? name.substring(0, fqqn) : name;
        if (address.equals(CASE_CONTROL)) {
            return Optional.of(new Parsed(Kind.CASE_CONTROL, ""));
        }
        if (address.startsWith(CASE_PREFIX)) {
            // Only a well-formed case id names a case topic: "bus.case.#" would match every case.
            String caseId = address.substring(CASE_PREFIX.length());
            return CaseId.isValid(caseId) ? Optional.of(new Parsed(Kind.CASE_TOPIC, caseId)) : Optional.empty();
        }
        if (!address.startsWith(PREFIX)) {
            return Optional.empty();
        }
        int dot = address.lastIndexOf('.');
        if (dot <= PREFIX.length()) {
            return Optional.empty();
        }
        String owner = address.substring(PREFIX.length(), dot);
        String suffix = address.substring(dot + 1);
        for (Kind kind : Kind.values()) {
            if (suffix.equals(kind.suffix)) {
                return Optional.of(new Parsed(kind, owner));
            }
        }
        return Optional.empty();
    }
}
