package eu.bus.exchange;

import eu.bus.broker.BusAddresses;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.message.HeaderCodec;
import eu.bus.message.MessageHeader;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/**
 * What a node acting in bad faith can put in another's inbox with its own certificate: a well-formed header in
 * its own name over a body that is no CMS at all. The recipient dead-letters it as unverifiable.
 */
public record UnverifiableMessage(MessageHeader header, byte[] body) {

    public String messageId() {
        return header.messageId().toString();
    }

    public static UnverifiableMessage send(BusNetwork bus, String from, String to) throws Exception {
        MessageHeader header = HeaderCodec.fromJson(TestMessages.fresh("intelligence-report-1.json", from, List.of(to)).get("header"));
        byte[] body = ("not a CMS envelope " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        ActiveMQConnectionFactory factory = bus.broker().connectionFactory(
                ProtectedKeyStore.ofNode(bus.layout().pki(), from, KeyPurpose.SIGNING));
        try (factory; Connection c = factory.createConnection(); Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE)) {
            BytesMessage m = s.createBytesMessage();
            m.writeBytes(body);
            for (Map.Entry<String, String> p : WireHeaders.of(header).entrySet()) {
                m.setStringProperty(p.getKey(), p.getValue());
            }
            s.createProducer(s.createQueue(BusAddresses.inbox(to))).send(m);
        }
        return new UnverifiableMessage(header, body);
    }
}
