package eu.bus.broker;

import java.time.Clock;
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

    public SenderIntegrityPlugin(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQException {
        String node = session.getValidatedUser();
        if (node == null) {
            return; // the broker's own sessions (none with our authentication); nodes are always validated
        }
        message.setTimestamp(clock.millis());
        String claimed = message.getStringProperty(EmbeddedBroker.SENDER_PROPERTY);
        if (claimed == null) {
            message.putStringProperty(EmbeddedBroker.SENDER_PROPERTY, node);
        } else if (!claimed.equals(node)) {
            throw new ActiveMQSecurityException("a message from " + node + " names '" + claimed + "' as its sender;"
                    + " a node sends only in its own name");
        }
        Object duplicateId = message.getDuplicateProperty();
        if (duplicateId != null) {
            String id = duplicateId instanceof byte[] bytes ? new String(bytes, java.nio.charset.StandardCharsets.UTF_8)
                    : duplicateId.toString();
            String scoped = node + ":";
            if (!id.startsWith(scoped)) {
                message.putStringProperty(Message.HDR_DUPLICATE_DETECTION_ID.toString(), scoped + id);
            }
        }
    }
}
