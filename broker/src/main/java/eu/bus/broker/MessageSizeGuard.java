package eu.bus.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQExceptionType;
import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.core.protocol.core.Packet;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendContinuationMessage;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendLargeMessage;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendMessage;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops an oversized message while it arrives, before the broker has stored more of it than the
 * limit: a message sent in one packet is measured whole; a large message (sent in chunks) is counted
 * chunk by chunk, so a node streaming 300 MiB is cut off after the limit, not after 300 MiB. The
 * connection of a node that does this is closed: a gateway never sends more than the limit (it refuses
 * such a document at submission), so only a broken or hostile client gets here.
 */
public final class MessageSizeGuard implements Interceptor {

    private static final Logger LOG = LoggerFactory.getLogger(MessageSizeGuard.class);

    private final WireLimits limits;
    /** Bytes of each large message still arriving, by connection and session channel. */
    private final Map<String, Long> arriving = new ConcurrentHashMap<>();

    public MessageSizeGuard(WireLimits limits) {
        this.limits = limits;
    }

    @Override
    public boolean intercept(Packet packet, RemotingConnection connection) {
        if (packet instanceof SessionSendMessage send) {
            return within(connection, (ICoreMessage) send.getMessage(), send.getMessage().getEncodeSize());
        }
        if (packet instanceof SessionSendLargeMessage large) {
            arriving.put(key(connection, packet), 0L);
            return within(connection, (ICoreMessage) large.getLargeMessage(), 0);
        }
        if (packet instanceof SessionSendContinuationMessage chunk) {
            String key = key(connection, packet);
            long total = arriving.merge(key, (long) chunk.getBody().length, Long::sum);
            if (!chunk.isContinues()) {
                arriving.remove(key);
            }
            if (total > limits.maxBodyBytes()) {
                arriving.remove(key);
                return cutOff(connection, "a large message passed " + limits.maxBodyBytes() + " bytes while arriving");
            }
        }
        return true;
    }

    private boolean within(RemotingConnection connection, ICoreMessage message, int encoded) {
        if (message.getHeadersAndPropertiesEncodeSize() > WireLimits.MAX_PROPERTIES_BYTES) {
            return cutOff(connection, "a message's properties take " + message.getHeadersAndPropertiesEncodeSize() + " bytes");
        }
        if (encoded > limits.maxBodyBytes() + WireLimits.MAX_PROPERTIES_BYTES) {
            return cutOff(connection, "a message of " + encoded + " bytes arrived");
        }
        return true;
    }

    private boolean cutOff(RemotingConnection connection, String what) {
        String who = connection.getSubject() == null ? String.valueOf(connection.getRemoteAddress())
                : connection.getSubject().getPrincipals().toString();
        LOG.warn("closing the connection of {}: {}, over the limit of {} bytes per message", who, what, limits.maxBodyBytes());
        connection.fail(new ActiveMQException(ActiveMQExceptionType.GENERIC_EXCEPTION, what + ": over the bus's limit of "
                + limits.maxBodyBytes() + " bytes per message; the connection is closed"));
        return false;
    }

    private static String key(RemotingConnection connection, Packet packet) {
        return connection.getID() + ":" + packet.getChannelID();
    }
}
