package eu.bus.broker;

import java.time.Clock;
import java.util.Optional;
import java.util.function.Function;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * Ties what a message says about its sender to the node that actually sent it, before the broker
 * routes it: {@code busSender} must be the authenticated node (so nobody can hide a case message from
 * a participant through its subscription filter), and the duplicate-detection id is scoped to that
 * node (so nobody can make the broker drop another node's message by sending first with its id).
 * It also stamps the message's timestamp with the broker's clock: receivers judge createdAt against
 * when the message reached the broker, so the sender must not choose that time (a replayed old
 * message would otherwise claim an old timestamp and pass).
 */
public final class SenderIntegrityPlugin implements ActiveMQServerMessagePlugin {

    private final Clock clock;
    private final Function<String, Optional<String>> siteOfNode;
    private final java.util.Set<String> hubs;

    /**
     * @param siteOfNode the site the registry places a node at (empty: not registered)
     * @param hubs       the linked sites that relay: their links may hand over any registered node's messages
     */
    public SenderIntegrityPlugin(Clock clock, Function<String, Optional<String>> siteOfNode, java.util.Set<String> hubs) {
        this.clock = clock;
        this.siteOfNode = siteOfNode;
        this.hubs = java.util.Set.copyOf(hubs);
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQException {
        String node = session.getValidatedUser();
        if (node == null) {
            return; // the broker's own sessions (none with our authentication); nodes are always validated
        }
        Optional<String> linkedSite = SiteLinks.siteOfUser(node);
        if (linkedSite.isPresent()) {
            checkLinked(linkedSite.get(), message);
            return;
        }
        message.setTimestamp(clock.millis());
        String claimed = message.getStringProperty(EmbeddedBroker.SENDER_PROPERTY);
        if (claimed == null) {
            message.putStringProperty(EmbeddedBroker.SENDER_PROPERTY, node);
        } else if (!claimed.equals(node)) {
            throw new ActiveMQSecurityException("a message from " + node + " names '" + claimed + "' as its sender;"
                    + " a node sends only in its own name");
        }
        scopeDuplicateId(message, node);
    }

    /**
     * A message another site's broker hands over: its sender, stamped by the sender's own broker, must be a node the
     * registry places at that site (or, from a hub that relays, at any site), and its duplicate id already scoped to
     * that sender. The first broker's arrival time stays: it is when the sender's message reached the bus, which a
     * link outage must not make look stale.
     */
    private void checkLinked(String site, Message message) throws ActiveMQException {
        String claimed = message.getStringProperty(EmbeddedBroker.SENDER_PROPERTY);
        Optional<String> senderSite = claimed == null ? Optional.empty() : siteOfNode.apply(claimed);
        if (senderSite.isEmpty()) {
            throw new ActiveMQSecurityException("the link of site " + site + " handed over a message of '" + claimed
                    + "', which is no node of the registry");
        }
        if (!senderSite.get().equalsIgnoreCase(site) && !hubs.contains(site.toUpperCase(java.util.Locale.ROOT))) {
            throw new ActiveMQSecurityException("the link of site " + site + " handed over a message of '" + claimed
                    + "', which is not a node of site " + site + "; a site's broker carries only its own nodes' messages"
                    + " unless this site names it a hub (bus site init --via " + site + ")");
        }
        String id = duplicateIdOf(message);
        if (id != null && !id.startsWith(claimed + ":")) {
            throw new ActiveMQSecurityException("the link of site " + site + " handed over a message whose duplicate id is"
                    + " not scoped to its sender " + claimed);
        }
    }

    private static void scopeDuplicateId(Message message, String node) {
        String id = duplicateIdOf(message);
        String scoped = node + ":";
        if (id != null && !id.startsWith(scoped)) {
            message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID.toString(), scoped + id);
        }
    }

    /** The message's duplicate id as text (a client may set it as bytes or as a string); null when it has none. */
    private static String duplicateIdOf(Message message) {
        Object duplicateId = message.getDuplicateProperty();
        return duplicateId == null ? null : duplicateId instanceof byte[] bytes
                ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8) : duplicateId.toString();
    }
}
