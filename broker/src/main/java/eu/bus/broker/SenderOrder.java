package eu.bus.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * A receiving node gets one sender's messages in the order the bus took them, although it reads its inbox with
 * several consumers: the broker puts each message in the message group of its sender (Artemis delivers a group to
 * one consumer at a time, in order). Set by the broker after the sender is checked ({@link SenderIntegrityPlugin}),
 * never by a client ({@link WireFormatGuard} refuses the property from a node); over a link it arrives already set
 * by the sender's own broker and is set again here from the same sender.
 */
public final class SenderOrder implements ActiveMQServerMessagePlugin {

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQException {
        if (session.getValidatedUser() == null) {
            return; // the broker's own sessions
        }
        String sender = message.getStringProperty(EmbeddedBroker.SENDER_PROPERTY);
        if (sender != null) {
            message.setGroupID(sender);
        }
    }
}
