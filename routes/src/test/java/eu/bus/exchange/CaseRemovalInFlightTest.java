package eu.bus.exchange;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.bus.broker.BrokerSettings;
import eu.bus.broker.BusAddresses;
import eu.bus.broker.CaseChange;
import eu.bus.broker.SignedCaseChanges;
import eu.bus.broker.EmbeddedBroker;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.ProtectedKeyStore;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.Queue;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A participant removed from a case while its gateway holds a case message in an open local
 * transaction (received, route still running, not committed): the message must still reach it.
 */
class CaseRemovalInFlightTest {

    static final List<String> NODES = List.of("NL-ENU", "BE-ENU", "EUROJUST");
    static final String CASE = "CASE-2026-300001";
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    Path pki;
    EmbeddedBroker broker;
    BrokerSender control;

    @BeforeEach
    void start() throws Exception {
        pki = dir.resolve("pki");
        DevPki.init(pki, NODES);
        broker = EmbeddedBroker.start(BrokerSettings.defaults(dir.resolve("broker"), pki).withPort(0), Clock.systemUTC());
        control = new BrokerSender(BrokerSender.confirming(factory("NL-ENU")));
    }

    @AfterEach
    void stop() throws Exception {
        control.close();
        broker.close();
    }

    private ActiveMQConnectionFactory factory(String node) {
        return broker.connectionFactory(ProtectedKeyStore.ofNode(pki, node, KeyPurpose.SIGNING));
    }

    private Queue queue(String name) {
        return broker.server().locateQueue(SimpleString.of(name));
    }

    @Test
    void shouldMoveTheMessageToTheInboxWhenTheRemovedParticipantHoldsItInAnOpenTransaction() throws Exception {
        removeWhileHeld(factory -> { });
    }

    /** A message over the acknowledgement batch (1 MiB by default) has its acknowledgement on the broker, in the transaction. */
    @Test
    void shouldMoveTheMessageToTheInboxWhenTheRemovedParticipantsOpenTransactionHoldsItsAcknowledgementOnTheBroker() throws Exception {
        removeWhileHeld(factory -> {
            factory.getServerLocator().setAckBatchSize(0);
            factory.setBlockOnAcknowledge(true);
        });
    }

    private void removeWhileHeld(Consumer<ActiveMQConnectionFactory> consumerOptions) throws Exception {
        Set<String> all = Set.of("NL-ENU", "BE-ENU", "EUROJUST");
        new CaseControl(control).request(SignedCaseChanges.signed(pki, "NL-ENU", CASE, CaseChange.Kind.OPEN, all, Set.of(),
                UUID.randomUUID().toString()));
        String subscription = BusAddresses.caseSubscription("BE-ENU", CASE);
        assertNotNull(queue(subscription));

        String published = UUID.randomUUID().toString();
        ActiveMQConnectionFactory heldBy = factory("BE-ENU");
        consumerOptions.accept(heldBy);
        try (ActiveMQConnectionFactory nlFactory = factory("NL-ENU");
             Connection nl = nlFactory.createConnection();
             ActiveMQConnectionFactory beFactory = heldBy;
             Connection be = beFactory.createConnection()) {
            Session publisher = nl.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageProducer producer = publisher.createProducer(publisher.createTopic(BusAddresses.caseTopic(CASE)));
            Message message = publisher.createBytesMessage();
            message.setStringProperty("_AMQ_DUPL_ID", published);
            message.setStringProperty(WireHeaders.MESSAGE_ID, published);
            producer.send(message);

            // As BE-ENU's gateway consumes its subscription: shared durable, local transaction, no client id.
            be.start();
            Session tx = be.createSession(true, Session.SESSION_TRANSACTED);
            MessageConsumer consumer = tx.createSharedDurableConsumer(tx.createTopic(BusAddresses.caseTopic(CASE)), subscription,
                    BusAddresses.caseSubscriptionFilter("BE-ENU"));
            Message held = consumer.receive(WAIT.toMillis());
            assertNotNull(held, "BE-ENU receives the case message");
            assertEquals(published, held.getStringProperty(WireHeaders.MESSAGE_ID));
            // Not committed: the route is still running when the case-update removing BE-ENU is applied.

            new CaseControl(control).request(SignedCaseChanges.signed(pki, "NL-ENU", CASE, CaseChange.Kind.UPDATE,
                    Set.of("NL-ENU", "EUROJUST"), all, UUID.randomUUID().toString()));
            assertNull(queue(subscription), "the removed participant's subscription is dropped");
            // The route finishes after the removal: its consumer is gone, so its commit must fail (rolled back);
            // a commit that went through would acknowledge a message that is also moved to the inbox (processed twice).
            assertThrows(jakarta.jms.JMSException.class, tx::commit);
        }
        Queue inbox = queue(BusAddresses.inbox("BE-ENU"));
        await().atMost(WAIT).until(() -> inbox.getMessageCount() == 1);
        try (ActiveMQConnectionFactory beFactory = factory("BE-ENU");
             Connection be = beFactory.createConnection()) {
            be.start();
            Session s = be.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message moved = s.createConsumer(s.createQueue(BusAddresses.inbox("BE-ENU"))).receive(WAIT.toMillis());
            assertNotNull(moved, "the held message reaches BE-ENU's inbox");
            assertEquals(published, moved.getStringProperty(WireHeaders.MESSAGE_ID));
        }
    }
}
