package eu.bus.broker;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.config.DivertConfiguration;
import org.apache.activemq.artemis.core.postoffice.Binding;
import org.apache.activemq.artemis.core.postoffice.impl.DivertBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.ComponentConfigurationRoutingType;
import org.apache.activemq.artemis.core.server.Consumer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.ServerConsumer;
import org.apache.activemq.artemis.core.server.impl.AddressInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each case topic's subscriptions in line with the case's participants: every participant that connects to
 * this broker gets its durable subscription queue as soon as it is named, so nothing published before its consumer
 * starts is lost; a removed participant's queue is dropped, but only after what it has not read yet has been moved
 * to its inbox.
 * <p>
 * A participant at another site connects to its own site's broker, so here it gets no queue but a divert: a copy of
 * every publication of the others goes to its inbox address, which at a linked broker is the queue waiting for the
 * link ({@link SiteLinks}); the link carries it to the participant's site, where its node verifies, delivers and
 * receipts it like any message in its inbox. A publication so enters a case topic only at its publisher's broker,
 * and diverted copies go to inboxes, never to another topic: no loops. Diverts made at run time are persisted by
 * Artemis and come back with a restart; this class finds them by name, so doing it again changes nothing.
 * <p>
 * Why the inbox and not the dead-letter queue for a removed participant's unread messages: those messages were
 * published while the node was a participant, are encrypted for it and addressed to it; the node was entitled to
 * them and simply had not read them yet. Through its inbox it processes them like any message (verified,
 * delivered, receipted), instead of an operator having to fish them out of a dead-letter queue.
 */
final class CaseSubscriptions {

    private static final Logger LOG = LoggerFactory.getLogger(CaseSubscriptions.class);

    private final ActiveMQServer server;
    private final CaseParticipants cases;
    private final Predicate<String> local;

    /** @param local whether a node connects to this broker (its site's) rather than to another site's */
    CaseSubscriptions(ActiveMQServer server, CaseParticipants cases, Predicate<String> local) {
        this.server = server;
        this.cases = cases;
        this.local = local;
    }

    /**
     * Called after every change of a case's participants, and for every known case at start.
     * Synchronised: the start-up pass and a change's listener may follow one case at once.
     */
    synchronized void follow(String caseId) {
        String address = BusAddresses.caseTopic(caseId);
        Set<String> participants = cases.participants(caseId);
        // Only a participant here publishes on the topic here: without one (a hub relaying the case's lifecycle
        // messages, a site whose last participant left) there is nothing to copy to other sites.
        boolean publishedHere = participants.stream().anyMatch(local);
        try {
            for (String node : participants) {
                if (!local.test(node)) {
                    if (publishedHere) {
                        divertToInbox(address, node, caseId);
                    }
                    continue;
                }
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
                for (Binding binding : List.copyOf(server.getPostOffice().getBindingsForAddress(SimpleString.of(address))
                        .getBindings())) {
                    if (binding instanceof DivertBinding divert) {
                        String owner = BusAddresses.parse(divert.getDivert().getForwardAddress().toString())
                                .map(BusAddresses.Parsed::owner).orElse(null);
                        if (owner != null && (!participants.contains(owner) || !publishedHere)) {
                            server.destroyDivert(divert.getUniqueName());
                            LOG.info("case {}: publications here no longer go to {}", caseId, BusAddresses.inbox(owner));
                        }
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the subscriptions of case " + caseId + ": " + e.getMessage(), e);
        }
    }

    /**
     * A copy of what the others publish on the case topic, for a participant at another site, to its inbox here (the
     * queue waiting for the link to its site). Without that queue this broker has no way to the node's site (no link,
     * no hub): said in the log, nothing is made.
     */
    private void divertToInbox(String address, String node, String caseId) throws Exception {
        SimpleString name = SimpleString.of(BusAddresses.caseDivert(node, caseId));
        if (server.getPostOffice().getBinding(name) != null) {
            return;
        }
        String inbox = BusAddresses.inbox(node);
        if (server.locateQueue(SimpleString.of(inbox)) == null) {
            LOG.warn("case {}: no queue {} waits for a link to the site of {}, so its publications cannot reach it;"
                    + " link this site to that site or to a hub that does (bus site init --link, --via)", caseId, inbox, node);
            return;
        }
        if (server.getAddressInfo(SimpleString.of(address)) == null) {
            server.addAddressInfo(new AddressInfo(SimpleString.of(address)).addRoutingType(RoutingType.MULTICAST));
        }
        // Non-exclusive: the local participants' queues get the publication too. A participant does not get back
        // what it published itself.
        server.deployDivert(new DivertConfiguration().setName(name.toString()).setRoutingName(name.toString())
                .setAddress(address).setForwardingAddress(inbox).setExclusive(false)
                .setFilterString(BusAddresses.caseSubscriptionFilter(node))
                .setRoutingType(ComponentConfigurationRoutingType.ANYCAST));
        LOG.info("case {}: publications go to {} for {} at another site", caseId, inbox, node);
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
