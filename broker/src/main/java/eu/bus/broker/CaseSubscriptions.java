package eu.bus.broker;

import java.util.Set;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Consumer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each case topic's durable subscription queues in line with the case's participants: every
 * participant gets its queue as soon as it is named, so nothing published before its consumer starts
 * is lost; a removed participant's queue is dropped, but only after what it has not read yet has
 * been moved to its inbox.
 * <p>
 * Why the inbox and not the dead-letter queue: those messages were published while the node was a
 * participant, are encrypted for it and addressed to it; the node was entitled to them and simply had
 * not read them yet. Through its inbox it processes them like any message (verified, delivered,
 * receipted), instead of an operator having to fish them out of a dead-letter queue.
 */
final class CaseSubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(CaseSubscriptions.class);

    private final ActiveMQServer server;
    private final CaseParticipants cases;

    CaseSubscriptions(ActiveMQServer server, CaseParticipants cases) {
        this.server = server;
        this.cases = cases;
    }

    /**
     * Called after every change of a case's participants, and for every known case at start.
     * Synchronised: the start-up pass and a change's listener may follow one case at once.
     */
    synchronized void follow(String caseId) {
        String address = BusAddresses.caseTopic(caseId);
        Set<String> participants = cases.participants(caseId);
        try {
            for (String node : participants) {
                String queue = BusAddresses.caseSubscription(node, caseId);
                if (server.locateQueue(SimpleString.of(queue)) == null) {
                    // A participant does not get back what it published itself.
                    server.createQueue(QueueConfiguration.of(queue).setAddress(address).setRoutingType(RoutingType.MULTICAST)
                            .setDurable(true).setAutoCreateAddress(true)
                            .setFilterString(BusAddresses.caseSubscriptionFilter(node)));
                }
            }
            if (server.getPostOffice().getAddressInfo(SimpleString.of(address)) != null) {
                for (SimpleString queueName : server.bindingQuery(SimpleString.of(address)).getQueueNames()) {
                    String owner = BusAddresses.subscriptionOwner(queueName.toString(), caseId);
                    if (owner != null && !participants.contains(owner)) {
                        drop(queueName, owner, caseId);
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the subscriptions of case " + caseId + ": " + e.getMessage(), e);
        }
    }

    private void drop(SimpleString queueName, String owner, String caseId) throws Exception {
        Queue queue = server.locateQueue(queueName);
        // Closing its consumers first hands back what they hold unacknowledged, so that is moved too.
        for (Consumer consumer : queue.getConsumers()) {
            if (consumer instanceof ServerConsumer serverConsumer) {
                serverConsumer.close(false);
            }
        }
        SimpleString inbox = SimpleString.of(BusAddresses.inbox(owner));
        int moved = queue.moveReferences(null, inbox, server.getPostOffice().getBinding(inbox));
        server.destroyQueue(queueName, null, false, true);
        LOG.info("{} left case {}: {} unread message(s) moved from {} to {}", owner, caseId, moved, queueName, inbox);
    }
}
