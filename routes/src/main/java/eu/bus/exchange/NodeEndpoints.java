package eu.bus.exchange;

import eu.bus.broker.BusAddresses;

/**
 * The Camel endpoint URIs of one node, built in one place: its consumers' JMS component
 * (transacted, consumer sessions cached: transacted=true alone drops the cache level to CACHE_NONE). What a node sends goes
 * through its {@link BrokerSender}, which sends the copies of a message together.
 * <p>
 * Consumers use local JMS transactions ({@code lazyCreateTransactionManager=false}): the listener
 * container commits its own cached session after the route returned and rolls it back when the
 * route threw, exactly the acknowledge-after-success the routes need. Without it Camel wraps the
 * container in a {@code JmsTransactionManager} over the plain connection factory, which opens a new
 * connection (TLS handshake, key store decryption) for every message and ignores the cache level:
 * measured at a few messages per second (docs/BENCHMARKS.md, "One protected hop").
 */
public record NodeEndpoints(String node, int concurrentConsumers) {

    /**
     * The route gets the JMS message itself, never a body Camel made from it: Camel's mapping calls
     * ObjectMessage.getObject(), so any node allowed to send to an inbox could make the receiver
     * deserialize classes of its choice. {@link InboundWire} reads only the bus's own format. A
     * JMSReplyTo the sender set is ignored: Camel would otherwise send a reply wherever it says.
     */
    private static final String RAW = "&mapJmsMessage=false&disableReplyTo=true";

    /** Local transaction on a cached session and consumer, committed when the route succeeded. */
    private static final String TRANSACTED = "&transacted=true&lazyCreateTransactionManager=false&cacheLevelName=CACHE_CONSUMER"
            + RAW;

    public String consumerComponent() {
        return "jms-" + node;
    }

    public String submit() {
        return "direct:submit-" + node;
    }

    public String send() {
        return "direct:send-" + node;
    }

    public String inbox() {
        return consume("queue:" + BusAddresses.inbox(node));
    }

    public String receipts() {
        return consume("queue:" + BusAddresses.receipts(node));
    }

    /** Checkpoints other nodes ask this node to cosign, and its own witnesses' answers: one consumer. */
    public String witness() {
        return consumerComponent() + ":queue:" + BusAddresses.witness(node) + "?" + TRANSACTED.substring(1);
    }

    /** A shared durable subscription named after the node, which the broker requires. */
    public String caseTopic(String caseId) {
        return consumerComponent() + ":topic:" + BusAddresses.caseTopic(caseId)
                + "?subscriptionDurable=true&subscriptionShared=true&subscriptionName=" + subscriptionName(caseId)
                + "&selector=RAW(" + BusAddresses.caseSubscriptionFilter(node) + ")"
                + TRANSACTED;
    }

    public String subscriptionName(String caseId) {
        return BusAddresses.caseSubscription(node, caseId);
    }

    private String consume(String destination) {
        return consumerComponent() + ":" + destination + "?" + TRANSACTED.substring(1)
                + "&concurrentConsumers=" + concurrentConsumers;
    }
}
