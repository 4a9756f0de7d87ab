package eu.bus.broker;

import org.apache.activemq.artemis.api.core.ActiveMQException;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.ICoreMessage;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ServerSession;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerMessagePlugin;
import org.apache.activemq.artemis.core.transaction.Transaction;

/**
 * The broker stores only what a bus node sends: a bytes message (a case change to the control address
 * is a bare message with properties), within the configured size, with its properties and clear
 * header within theirs. Checked when the whole message has arrived, before it is routed or stored for
 * good; {@link MessageSizeGuard} stops an oversized message earlier, while it is still arriving.
 */
public final class WireFormatGuard implements ActiveMQServerMessagePlugin {

    private static final SimpleString HEADER = SimpleString.of(WireProperties.HEADER);

    /**
     * Every property a bus client sets: the message's own, a case change's, a dead letter's, and those the
     * Artemis JMS client adds itself. Anything else is refused: Artemis acts on some internal properties a
     * client may set ({@code _AMQ_ROUTE_TO} routes to chosen queues past the subscription filters,
     * {@code _AMQ_SCHED_DELIVERY} holds a message back, grouping and last-value properties change delivery),
     * and no bus message needs one of them.
     */
    static final java.util.Set<String> CLIENT_PROPERTIES = clientProperties();

    /**
     * What another site's broker adds to a message it hands over: the core bridge's duplicate id, the sender's message
     * group ({@link SenderOrder}), the decision it stamped on a case lifecycle message ({@link CaseDecisionStamp}), and
     * the breadcrumbs Artemis leaves on a copy a divert made of a case publication for a participant at this site
     * ({@link CaseSubscriptions}): the topic, routing type and divert it went through, and its message id there.
     */
    static final java.util.Set<String> LINK_PROPERTIES = java.util.Set.of(Message.HDR_BRIDGE_DUPLICATE_ID.toString(),
            Message.HDR_GROUP_ID.toString(), CaseDecision.PROPERTY, Message.HDR_ORIGINAL_ADDRESS.toString(),
            Message.HDR_ORIGINAL_QUEUE.toString(), Message.HDR_ORIG_ROUTING_TYPE.toString(), Message.HDR_ORIG_MESSAGE_ID.toString());

    private final WireLimits limits;
    private final java.util.Set<String> allowed;

    public WireFormatGuard(WireLimits limits) {
        this(limits, java.util.Set.of());
    }

    /** @param extraProperties properties a client may set besides the bus's (empty but for benchmarks) */
    public WireFormatGuard(WireLimits limits, java.util.Set<String> extraProperties) {
        this.limits = limits;
        java.util.Set<String> all = new java.util.HashSet<>(CLIENT_PROPERTIES);
        all.addAll(extraProperties);
        this.allowed = java.util.Set.copyOf(all);
    }

    @Override
    public void beforeSend(ServerSession session, Transaction tx, Message message, boolean direct, boolean noAutoCreateQueue)
            throws ActiveMQException {
        String node = session.getValidatedUser();
        if (node == null) {
            return; // the broker's own sessions
        }
        boolean control = BusAddresses.CASE_CONTROL.equals(String.valueOf(message.getAddress()));
        if (!(message instanceof ICoreMessage core)) {
            throw refused(node, "it is not a core message");
        }
        byte type = core.getType();
        if (type != Message.BYTES_TYPE && !(control && type == Message.DEFAULT_TYPE)) {
            throw refused(node, "it is a JMS " + typeName(type) + "; the bus carries only bytes messages");
        }
        boolean link = SiteLinks.siteOfUser(node).isPresent();
        for (SimpleString name : message.getPropertyNames()) {
            if (!allowed.contains(name.toString()) && !(link && LINK_PROPERTIES.contains(name.toString()))) {
                throw refused(node, "it carries the property '" + abbreviated(name.toString()) + "', which no bus client sets");
            }
        }
        if (core.getHeadersAndPropertiesEncodeSize() > WireLimits.MAX_PROPERTIES_BYTES) {
            throw refused(node, "its properties take " + core.getHeadersAndPropertiesEncodeSize() + " bytes, over "
                    + WireLimits.MAX_PROPERTIES_BYTES);
        }
        Object header = message.getObjectProperty(HEADER);
        if (header != null && header.toString().length() > WireLimits.MAX_HEADER_BYTES) {
            throw refused(node, "its clear header is over " + WireLimits.MAX_HEADER_BYTES + " bytes");
        }
        long size = message.getWholeMessageSize();
        if (size > limits.maxBodyBytes() + WireLimits.MAX_PROPERTIES_BYTES) {
            throw refused(node, "it is " + size + " bytes, over the limit of " + limits.maxBodyBytes() + " for a message body");
        }
    }

    private static java.util.Set<String> clientProperties() {
        java.util.Set<String> all = new java.util.HashSet<>(WireProperties.MESSAGE);
        all.addAll(CaseChange.PROPERTIES);
        all.addAll(WireProperties.DEAD_LETTER);
        all.addAll(WireProperties.WITNESS);
        all.addAll(WireProperties.REPLAYED);
        all.addAll(java.util.Set.of("__AMQ_CID", "_AMQ_ROUTING_TYPE")); // the Artemis JMS client's own
        // The client's mark of a large message (a body above its min-large-message-size, 100 KiB, sent in chunks): a
        // protected message may be up to the configured limit (50 MiB), so any larger than that goes this way.
        all.add(Message.HDR_LARGE_BODY_SIZE.toString());
        return java.util.Set.copyOf(all);
    }

    private static ActiveMQSecurityException refused(String node, String why) {
        return new ActiveMQSecurityException("the broker refuses a message from " + node + ": " + why);
    }

    private static String abbreviated(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "..." : name;
    }

    private static String typeName(byte type) {
        return switch (type) {
            case Message.OBJECT_TYPE -> "ObjectMessage";
            case Message.TEXT_TYPE -> "TextMessage";
            case Message.MAP_TYPE -> "MapMessage";
            case Message.STREAM_TYPE -> "StreamMessage";
            case Message.DEFAULT_TYPE -> "Message without body";
            default -> "message of type " + type;
        };
    }
}
