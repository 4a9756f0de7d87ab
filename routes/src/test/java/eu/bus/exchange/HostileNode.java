package eu.bus.exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.broker.BusAddresses;
import eu.bus.broker.CaseChange;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.message.HeaderCodec;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * A node with valid credentials acting in bad faith: it talks to the broker with its own certificate,
 * bypassing its gateway's checks, and can sign and encrypt whatever it likes with its own keys.
 */
final class HostileNode implements AutoCloseable {

    final String id;
    private final BusNetwork bus;
    private final ActiveMQConnectionFactory factory;
    private final Connection connection;
    private ServerLocator locator;
    private ClientSessionFactory coreFactory;

    HostileNode(BusNetwork bus, String id) throws JMSException {
        this.id = id;
        this.bus = bus;
        this.factory = bus.broker().connectionFactory(ProtectedKeyStore.ofNode(bus.layout().pki(), id, KeyPurpose.SIGNING));
        this.connection = factory.createConnection();
        connection.start();
    }

    Session session() throws JMSException {
        return connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
    }

    /** Signs and encrypts a document's payload for its recipients with this node's own keys, as its gateway would. */
    byte[] protect(ObjectNode doc) {
        try {
            return bus.node(id).services().protector().protect(header(doc), Json.mapper().writeValueAsBytes(doc.get("payload")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MessageHeader header(ObjectNode doc) {
        return HeaderCodec.fromJson(doc.get("header"));
    }

    static String headerJson(MessageHeader header) {
        return new String(HeaderCodec.canonicalBytes(header), StandardCharsets.UTF_8);
    }

    /** A message in the bus's wire format, as a gateway sends it, with a fresh duplicate id unless one is given. */
    BytesMessage busMessage(Session session, String headerJson, String messageId, byte[] body) throws JMSException {
        return busMessage(session, headerJson, messageId, body, UUID.randomUUID().toString());
    }

    /** As above; a null header, id or duplicate id is left out (messages a gateway would never send). */
    static BytesMessage busMessage(Session session, String headerJson, String messageId, byte[] body, String duplicateId)
            throws JMSException {
        BytesMessage m = session.createBytesMessage();
        m.writeBytes(body);
        if (headerJson != null) {
            m.setStringProperty(WireHeaders.BUS_HEADER, headerJson);
        }
        if (messageId != null) {
            m.setStringProperty(WireHeaders.MESSAGE_ID, messageId);
        }
        if (duplicateId != null) {
            m.setStringProperty(WireHeaders.DUPLICATE_ID, duplicateId);
        }
        return m;
    }

    /** Sends a document protected with this node's keys straight to an address (an inbox: a node id). */
    void sendProtected(String to, ObjectNode doc) throws JMSException {
        MessageHeader header = header(doc);
        send(to, s -> busMessage(s, headerJson(header), header.messageId().toString(), protect(doc)));
    }

    void send(String to, MessageMaker maker) throws JMSException {
        try (Session s = session()) {
            String address = to.startsWith(BusAddresses.PREFIX) ? to : BusAddresses.inbox(to);
            s.createProducer(BusAddresses.isMulticast(address) ? s.createTopic(address) : s.createQueue(address)).send(maker.make(s));
        }
    }

    /** Asks the broker for a case change directly, as its gateway would before sending a lifecycle message. */
    void requestChange(CaseChange change) throws JMSException {
        send(BusAddresses.CASE_CONTROL, s -> {
            Message m = s.createMessage();
            for (Map.Entry<String, String> p : change.properties().entrySet()) {
                m.setStringProperty(p.getKey(), p.getValue());
            }
            return m;
        });
    }

    /** A core session on this node's connection, for the broker's query operations. */
    ClientSession core() throws Exception {
        if (coreFactory == null) {
            locator = factory.getServerLocator();
            coreFactory = locator.createSessionFactory();
        }
        return coreFactory.createSession();
    }

    @FunctionalInterface
    interface MessageMaker {
        Message make(Session session) throws JMSException;
    }

    @Override
    public void close() throws Exception {
        connection.close();
        factory.close();
        if (coreFactory != null) {
            coreFactory.close();
        }
    }
}
