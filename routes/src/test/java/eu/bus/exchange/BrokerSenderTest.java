package eu.bus.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.broker.BrokerSettings;
import eu.bus.broker.BusAddresses;
import eu.bus.broker.EmbeddedBroker;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.ProtectedKeyStore;
import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asynchronous sends with broker confirmation, over the real TLS acceptor and authorisation. */
class BrokerSenderTest {

    @TempDir
    Path dir;
    EmbeddedBroker broker;
    BrokerSender sender;

    @BeforeEach
    void start() throws Exception {
        DevPki.init(dir.resolve("pki"), List.of("NL-ENU", "BE-ENU", "EUROPOL"));
        broker = EmbeddedBroker.start(BrokerSettings.defaults(dir.resolve("broker"), dir.resolve("pki")).withPort(0), Clock.systemUTC());
        sender = new BrokerSender(BrokerSender.confirming(factory("NL-ENU")));
    }

    @AfterEach
    void stop() throws Exception {
        sender.close();
        broker.close();
    }

    private ActiveMQConnectionFactory factory(String node) {
        return broker.connectionFactory(ProtectedKeyStore.ofNode(dir.resolve("pki"), node, KeyPurpose.SIGNING));
    }

    @Test
    void shouldStoreEveryCopyWithItsPropertiesWhenSentTogether() throws Exception {
        Map<String, String> wire = Map.of(WireHeaders.MESSAGE_ID, "m-1", WireHeaders.DUPLICATE_ID, "m-1");
        sender.sendAll(List.of(new BrokerSender.Outbound(BusAddresses.inbox("BE-ENU"), new byte[] {1, 2, 3}, wire),
                new BrokerSender.Outbound(BusAddresses.inbox("EUROPOL"), new byte[] {1, 2, 3}, wire)));
        try (Connection c = factory("BE-ENU").createConnection()) {
            c.start();
            Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(BusAddresses.inbox("BE-ENU")));
            BytesMessage m = (BytesMessage) consumer.receive(10_000);
            assertEquals("m-1", m.getStringProperty(WireHeaders.MESSAGE_ID));
            assertEquals(3, m.getBodyLength());
            assertEquals(jakarta.jms.DeliveryMode.PERSISTENT, m.getJMSDeliveryMode());
        }
    }

    @Test
    void shouldFailWhenTheBrokerRefusesTheSend() {
        // Nobody writes to another node's dead-letter queue: the refusal must reach the caller.
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> sender.sendAll(List.of(
                new BrokerSender.Outbound(BusAddresses.deadLetter("BE-ENU"), new byte[] {1}, Map.of()))));
        assertFalse(e instanceof NodeUnavailableException, "a refusal is final, not a broker outage: " + e);
        assertTrue(e.getMessage().contains(BusAddresses.deadLetter("BE-ENU")), e.getMessage());
    }
}
