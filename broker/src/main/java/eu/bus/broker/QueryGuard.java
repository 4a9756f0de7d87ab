package eu.bus.broker;

import eu.bus.keys.NodeRole;
import java.security.Principal;
import java.util.Optional;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.protocol.core.Channel;
import org.apache.activemq.artemis.core.protocol.core.CoreRemotingConnection;
import org.apache.activemq.artemis.core.protocol.core.Packet;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.ActiveMQExceptionMessage;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionBindingQueryMessage;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionQueueQueryMessage;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionQueueQueryResponseMessage_V3;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.core.server.QueueQueryResult;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.apache.activemq.artemis.utils.CompositeAddress;

/**
 * No enumeration: Artemis answers queue and binding queries without any authorisation check, so any
 * node could list every case topic ({@code bus.case.#}), the subscription queues that name each case's
 * participants, and the depth of every queue. Queries are answered only about what the asking node may
 * use itself:
 * <ul>
 *   <li>a binding query names one address the node may send to or read from (no wildcards);</li>
 *   <li>a queue query names a queue the node may read (its own queues, its own case subscriptions): the
 *       broker answers in full; or a queue it may only send to (another node's inbox): the answer says
 *       it exists, with no message or consumer counts;</li>
 *   <li>anything else is refused as a security error, which the client sees as a refused destination.</li>
 * </ul>
 */
public final class QueryGuard implements Interceptor {

    private final ActiveMQServer server;
    private final AccessPolicy policy;

    public QueryGuard(ActiveMQServer server, AccessPolicy policy) {
        this.server = server;
        this.policy = policy;
    }

    @Override
    public boolean intercept(Packet packet, RemotingConnection connection) {
        if (packet instanceof SessionBindingQueryMessage binding) {
            return bindingQuery(binding, connection);
        }
        if (packet instanceof SessionQueueQueryMessage queue) {
            return queueQuery(queue, connection);
        }
        return true;
    }

    private boolean bindingQuery(SessionBindingQueryMessage query, RemotingConnection connection) {
        Optional<String> node = nodeOf(connection);
        String address = String.valueOf(query.getAddress());
        if (node.isPresent() && (allowed(node.get(), CheckType.SEND, address) || allowed(node.get(), CheckType.CONSUME, address))) {
            return true;
        }
        return refuse(query, connection, "no query about '" + address + "': a node asks only about addresses it uses");
    }

    private boolean queueQuery(SessionQueueQueryMessage query, RemotingConnection connection) {
        Optional<String> node = nodeOf(connection);
        String name = String.valueOf(query.getQueueName());
        if (node.isEmpty()) {
            return refuse(query, connection, "no query without an authenticated node");
        }
        if (allowed(node.get(), CheckType.CONSUME, name) || ownSubscription(node.get(), name)) {
            return true;
        }
        if (allowed(node.get(), CheckType.SEND, name)) {
            return answerExistsOnly(query, connection, name);
        }
        return refuse(query, connection, "no query about queue '" + name + "': a node asks only about queues it uses");
    }

    /** The node's own durable subscription on a case it takes part in (named without the topic's address). */
    private boolean ownSubscription(String node, String queue) {
        int at = queue.indexOf("-case-");
        if (at <= 0) {
            return false;
        }
        String caseId = queue.substring(at + "-case-".length());
        return node.equals(BusAddresses.subscriptionOwner(queue, caseId))
                && allowed(node, CheckType.CONSUME, BusAddresses.caseTopic(caseId) + "::" + queue);
    }

    private boolean allowed(String node, CheckType check, String name) {
        if (SiteLinks.siteOfUser(node).isPresent()) {
            return policy.denyLink(check, name).isEmpty(); // another site's bridge asks about the address it sends to
        }
        return policy.deny(node, NodeRole.ofNodeId(node), check, name).isEmpty();
    }

    /** Whether the queue exists, and nothing else: no depth, no consumers. */
    private boolean answerExistsOnly(SessionQueueQueryMessage query, RemotingConnection connection, String name) {
        Queue queue = server.locateQueue(CompositeAddress.extractQueueName(SimpleString.of(name)));
        if (queue == null) {
            return true; // the broker says it does not exist, which every node may know of a bus address
        }
        Channel channel = channel(query, connection);
        if (channel == null || !channel.supports(PacketImpl.SESS_QUEUEQUERY_RESP_V3)) {
            return refuse(query, connection, "this client is too old to be told only whether queue '" + name + "' exists");
        }
        channel.confirm(query);
        channel.send(new SessionQueueQueryResponseMessage_V3(new QueueQueryResult(queue.getQueueConfiguration(), 0, 0,
                false, true, null)));
        return false;
    }

    private boolean refuse(Packet query, RemotingConnection connection, String why) {
        Channel channel = channel(query, connection);
        if (channel == null) {
            return false;
        }
        // As the broker answers a refused request: an exception reply, not confirmed; the session stays usable.
        channel.send(new ActiveMQExceptionMessage(new ActiveMQSecurityException(why)));
        return false;
    }

    private static Channel channel(Packet packet, RemotingConnection connection) {
        return connection instanceof CoreRemotingConnection core ? core.getChannel(packet.getChannelID(), -1) : null;
    }

    private static Optional<String> nodeOf(RemotingConnection connection) {
        if (connection.getSubject() == null) {
            return Optional.empty();
        }
        return connection.getSubject().getPrincipals(UserPrincipal.class).stream().map(Principal::getName).findFirst();
    }
}
