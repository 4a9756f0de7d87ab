package eu.bus.exchange;

import eu.bus.broker.BusAddresses;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.ProtectedKeyStore;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

/** Puts bytes straight into a queue as a node would (its own certificate), bypassing its gateway. */
final class QueueInjection {

    private QueueInjection() {
    }

    /** @param inbox a node id (its inbox) or a full address; {@code headerJson} and {@code duplicateId} may be null */
    static void inject(BusNetwork bus, String as, String inbox, String headerJson, byte[] body, String duplicateId) throws Exception {
        try (ActiveMQConnectionFactory factory = bus.broker().connectionFactory(
                ProtectedKeyStore.ofNode(bus.layout().pki(), as, KeyPurpose.SIGNING));
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            BytesMessage m = session.createBytesMessage();
            m.writeBytes(body);
            if (headerJson != null) {
                m.setStringProperty(WireHeaders.BUS_HEADER, headerJson);
                // As a gateway sends it: the id property beside the header (WireHeaders.of).
                com.fasterxml.jackson.databind.JsonNode id = eu.bus.message.Json.mapper().readTree(headerJson).path("messageId");
                if (id.isTextual()) {
                    m.setStringProperty(WireHeaders.MESSAGE_ID, id.asText());
                }
            }
            if (duplicateId != null) {
                m.setStringProperty(WireHeaders.DUPLICATE_ID, duplicateId);
            }
            session.createProducer(session.createQueue(inbox.startsWith(BusAddresses.PREFIX) ? inbox : BusAddresses.inbox(inbox))).send(m);
        }
    }
}
