package eu.bus.exchange;

import eu.bus.broker.CaseDecision;
import eu.bus.broker.WireProperties;
import eu.bus.broker.WireLimits;
import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.jms.client.ActiveMQMessage;

/**
 * A broker message as a gateway reads it: only the bus's own wire format (a BytesMessage with the
 * bus's string properties), with every size checked before the body is read into memory. Anything
 * else is refused as {@code wire-format} (unauthenticated) without its body being interpreted: a JMS ObjectMessage is
 * never deserialized, a 300 MiB body is never read.
 *
 * @param headerJson    the clear header as sent (not yet validated)
 * @param messageId     the id the wire properties name
 * @param brokerSender  the sending node as the broker authenticated it (the broker refuses any other value)
 * @param body          the protected bytes
 * @param reachedBroker when the broker stored the message (it stamps every message a node sends)
 * @param caseDecision  the broker's decision stamped on a case lifecycle message, or null
 */
public record InboundWire(String headerJson, String messageId, String brokerSender, byte[] body, Instant reachedBroker,
                          CaseDecision caseDecision) {

    /** The properties a bus message carries; the broker adds its own ({@code _AMQ_*}, {@code JMSX*}). */
    private static final Set<String> BUS_PROPERTIES = withDecision();

    private static Set<String> withDecision() {
        Set<String> all = new java.util.HashSet<>(WireProperties.MESSAGE);
        all.add(CaseDecision.PROPERTY);
        return Set.copyOf(all);
    }

    /**
     * The broker message of a route's exchange as it arrived. The consumers do not map JMS messages to Camel bodies
     * ({@link NodeEndpoints}): Camel would call ObjectMessage.getObject() on whatever a node sends.
     */
    public static Message raw(org.apache.camel.Exchange exchange) {
        Message body = exchange.getIn().getBody(Message.class);
        if (body == null) {
            throw new IllegalStateException("the exchange holds no JMS message: the route's consumer maps JMS messages");
        }
        return body;
    }

    /** Reads and checks; throws an unverified {@link ReceptionRejectedException} for anything not of the bus. */
    public static InboundWire read(Message message, WireLimits limits, Clock clock) {
        try {
            if (!(message instanceof BytesMessage bytes)) {
                throw refused("a " + kindOf(message) + " is not a bus message (the bus sends only BytesMessages);"
                        + " its body was not read");
            }
            checkProperties(message);
            String header = requiredString(message, WireHeaders.BUS_HEADER);
            if (header.getBytes(StandardCharsets.UTF_8).length > WireLimits.MAX_HEADER_BYTES) {
                throw refused("the clear header property is over " + WireLimits.MAX_HEADER_BYTES + " bytes");
            }
            String id = requiredString(message, WireHeaders.MESSAGE_ID);
            String sender = requiredString(message, WireHeaders.SENDER);
            long length = bytes.getBodyLength();
            if (length <= 0) {
                throw refused("message " + id + " has an empty body: it carries no CMS envelope");
            }
            if (length > limits.maxBodyBytes()) {
                throw refused("message " + id + " has a body of " + length + " bytes, over the limit of "
                        + limits.maxBodyBytes() + " (a message of at most " + limits.maxMessageBytes()
                        + " bytes and its envelope); its body was not read");
            }
            byte[] body = new byte[(int) length];
            bytes.readBytes(body);
            long stamped = message.getJMSTimestamp();
            return new InboundWire(header, id, sender, body, stamped > 0 ? Instant.ofEpochMilli(stamped) : clock.instant(),
                    CaseDecision.parse(stringProperty(message, WireHeaders.CASE_DECISION)).orElse(null));
        } catch (JMSException e) {
            throw new IllegalStateException("cannot read a message from the broker: " + e.getMessage(), e);
        }
    }

    /**
     * The raw bytes of a refused message for its dead-letter copy, without interpreting them (an
     * ObjectMessage is not deserialized: its serialized form is copied as bytes); empty when the body
     * is larger than the limit, which the copy's reason then says.
     */
    public static byte[] rawBody(Message message, WireLimits limits) {
        if (message instanceof ActiveMQMessage artemis) {
            ClientMessage core = artemis.getCoreMessage();
            if (core.isLargeMessage() || core.getBodySize() > limits.maxBodyBytes()) {
                return new byte[0];
            }
            byte[] raw = new byte[core.getBodySize()];
            core.getReadOnlyBodyBuffer().readBytes(raw);
            return raw;
        }
        return new byte[0];
    }

    /** A string property of the message if it has one of that type, without throwing. */
    public static String stringProperty(Message message, String name) {
        try {
            return message.getObjectProperty(name) instanceof String s ? s : null;
        } catch (JMSException e) {
            return null;
        }
    }

    private static void checkProperties(Message message) throws JMSException {
        for (String property : propertyNames(message)) {
            if (property.startsWith("_AMQ") || property.startsWith("__AMQ") || property.startsWith("JMSX")) {
                continue; // the broker's own
            }
            if (!BUS_PROPERTIES.contains(property)) {
                throw refused("it carries the property '" + abbreviated(property) + "', which the bus does not set");
            }
            if (!(message.getObjectProperty(property) instanceof String)) {
                throw refused("its property " + property + " is not text");
            }
        }
    }

    /** Every property the message carries, also those the JMS view hides (names starting with JMS). */
    private static List<String> propertyNames(Message message) throws JMSException {
        if (message instanceof ActiveMQMessage artemis) {
            return artemis.getCoreMessage().getPropertyNames().stream().map(Object::toString).toList();
        }
        return Collections.list(message.getPropertyNames()).stream().map(Object::toString).toList();
    }

    private static String requiredString(Message message, String name) throws JMSException {
        Object value = message.getObjectProperty(name);
        if (!(value instanceof String text) || text.isEmpty()) {
            throw refused("it has no " + name + " property of type text");
        }
        return text;
    }

    private static String kindOf(Message message) {
        for (Class<?> kind : List.of(jakarta.jms.ObjectMessage.class, jakarta.jms.TextMessage.class, jakarta.jms.MapMessage.class,
                jakarta.jms.StreamMessage.class, BytesMessage.class)) {
            if (kind.isInstance(message)) {
                return kind.getSimpleName();
            }
        }
        return "plain JMS Message";
    }

    private static String abbreviated(String name) {
        return name.length() > 40 ? name.substring(0, 40) + "..." : name;
    }

    private static ReceptionRejectedException refused(String why) {
        return new ReceptionRejectedException("wire-format", "not in the bus's wire format: " + why);
    }
}
