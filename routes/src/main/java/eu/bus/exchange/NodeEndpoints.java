package eu.bus.exchange;

import eu.bus.broker.BusAddresses;

/**
 * The Camel endpoint URIs of one node, built in one place. Each node has two JMS components: one
 * for its consumers (transacted, consumer sessions cached; DESIGN.md section 8 on CACHE_NONE) and
 * one for its producers over a caching connection factory.
 */
public record NodeEndpoints(String node, int concurrentConsumers) {

    public String consumerComponent() {
        return "jms-" + node;
    }

    public String producerComponent() {
        return "jmsout-" + node;
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

    /** A shared durable subscription named after the node, which the broker requires. */
    public String caseTopic(String caseId) {
        return consumerComponent() + ":topic:" + BusAddresses.caseTopic(caseId)
                + "?subscriptionDurable=true&subscriptionShared=true&subscriptionName=" + subscriptionName(caseId)
                + "&selector=RAW(" + BusAddresses.caseSubscriptionFilter(node) + ")"
                + "&transacted=true&cacheLevelName=CACHE_CONSUMER";
    }

    public String subscriptionName(String caseId) {
        return BusAddresses.caseSubscription(node, caseId);
    }

    /** Destination URI for an address as the submission computed it. */
    public String producerFor(String address) {
        String kind = address.startsWith(BusAddresses.CASE_PREFIX) ? "topic:" : "queue:";
        return producerComponent() + ":" + kind + address;
    }

    public String deadLetter() {
        return producerComponent() + ":queue:" + BusAddresses.deadLetter(node);
    }

    private String consume(String destination) {
        return consumerComponent() + ":" + destination + "?transacted=true&cacheLevelName=CACHE_CONSUMER"
                + "&concurrentConsumers=" + concurrentConsumers;
    }
}
