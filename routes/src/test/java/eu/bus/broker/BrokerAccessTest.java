package eu.bus.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.broker.BrokerTransport;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.Topic;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded broker over real TLS with real node certificates: who may do what. */
class BrokerAccessTest {

    static final List<String> NODES = List.of("NL-NMT", "NL-ENU", "BE-ENU", "EUROPOL", "EUROJUST", "AUDITOR");
    static final String CASE = "CASE-2026-000123";

    @TempDir
    Path dir;

    Path pki;
    EmbeddedBroker broker;

    @BeforeEach
    void startBroker() throws Exception {
        pki = dir.resolve("pki");
        DevPki.init(pki, NODES);
        broker = startOn(0);
    }

    private EmbeddedBroker startOn(int port) throws Exception {
        return EmbeddedBroker.start(BrokerSettings.defaults(dir.resolve("broker"), pki).withPort(port), Clock.systemUTC());
    }

    @AfterEach
    void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private Connection connectAs(String node) throws JMSException {
        Connection connection = connectWithoutClientIdAs(node);
        connection.setClientID(node + "-" + System.nanoTime());
        connection.start();
        return connection;
    }

    /** As the node gateways connect: shared subscription names are then not scoped by a client id. */
    private Connection connectWithoutClientIdAs(String node) throws JMSException {
        return broker.connectionFactory(ProtectedKeyStore.ofNode(pki, node, KeyPurpose.SIGNING)).createConnection();
    }

    private static void send(Connection c, String queue, String text, String duplicateId) throws JMSException {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer p = s.createProducer(s.createQueue(queue));
        jakarta.jms.BytesMessage m = s.createBytesMessage(); // the only kind the broker carries
        m.writeBytes(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (duplicateId != null) {
            m.setStringProperty("_AMQ_DUPL_ID", duplicateId);
        }
        p.send(m);
        s.close();
    }

    private static String text(Message m) throws JMSException {
        return new String(m.getBody(byte[].class), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Message receive(Connection c, String queue) throws JMSException {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageConsumer consumer = s.createConsumer(s.createQueue(queue));
        return consumer.receive(5_000);
    }

    @Test
    void shouldDeliverWhenANodeSendsToAnotherInboxOverTls() throws Exception {
        try (Connection nmt = connectAs("NL-NMT"); Connection enu = connectAs("NL-ENU")) {
            send(nmt, BusAddresses.inbox("NL-ENU"), "ciphertext", null);
            Message got = receive(enu, BusAddresses.inbox("NL-ENU"));
            assertNotNull(got);
            assertEquals("ciphertext", text(got));
        }
    }

    @Test
    void shouldRefuseWhenANodeConsumesAnotherNodesInbox() throws Exception {
        try (Connection be = connectAs("BE-ENU")) {
            Session s = be.createSession(false, Session.AUTO_ACKNOWLEDGE);
            JMSSecurityException e = assertThrows(JMSSecurityException.class,
                    () -> s.createConsumer(s.createQueue(BusAddresses.inbox("NL-ENU"))));
            assertTrue(e.getMessage().contains("CONSUME"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseWhenANodeBrowsesAnotherNodesInbox() throws Exception {
        try (Connection nmt = connectAs("NL-NMT"); Connection be = connectAs("BE-ENU")) {
            send(nmt, BusAddresses.inbox("NL-ENU"), "ciphertext", null);
            Session s = be.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(JMSSecurityException.class, () -> {
                QueueBrowser browser = s.createBrowser(s.createQueue(BusAddresses.inbox("NL-ENU")));
                Collections.list(browser.getEnumeration());
            });
        }
    }

    @Test
    void shouldRefuseWhenAnAuditorSends() throws Exception {
        try (Connection auditor = connectAs("AUDITOR")) {
            assertThrows(JMSSecurityException.class, () -> send(auditor, BusAddresses.inbox("NL-ENU"), "x", null));
        }
    }

    @Test
    void shouldRefuseWhenANodeWritesToADeadLetterQueue() throws Exception {
        try (Connection nmt = connectAs("NL-NMT")) {
            assertThrows(JMSSecurityException.class, () -> send(nmt, BusAddresses.deadLetter("NL-ENU"), "forged", null));
        }
    }

    private static jakarta.jms.MessageConsumer subscribe(Session session, Topic topic, String node) throws JMSException {
        return session.createSharedDurableConsumer(topic, BusAddresses.caseSubscription(node, CASE),
                BusAddresses.caseSubscriptionFilter(node));
    }

    @Test
    void shouldAdmitOnlyParticipantsWhenSubscribingToACaseTopic() throws Exception {
        broker.cases().set(CASE, List.of("NL-ENU", "EUROJUST"), "open-1");
        try (Connection eurojust = connectWithoutClientIdAs("EUROJUST"); Connection be = connectWithoutClientIdAs("BE-ENU")) {
            Session ok = eurojust.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = ok.createTopic(BusAddresses.caseTopic(CASE));
            assertNotNull(subscribe(ok, topic, "EUROJUST"));

            Session refused = be.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(JMSSecurityException.class, () -> subscribe(refused, topic, "BE-ENU"));

            // Adding a participant gives access from then on.
            broker.cases().set(CASE, List.of("NL-ENU", "EUROJUST", "BE-ENU"), "update-1");
            Session admitted = be.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertNotNull(subscribe(admitted, topic, "BE-ENU"));
        }
    }

    @Test
    void shouldRefuseWhenAParticipantCreatesAnExtraQueueOnACaseTopic() throws Exception {
        broker.cases().set(CASE, List.of("NL-ENU", "BE-ENU"), "open-1");
        try (Connection be = connectAs("BE-ENU")) {
            Session s = be.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = s.createTopic(BusAddresses.caseTopic(CASE));
            assertThrows(JMSSecurityException.class, () -> s.createDurableSubscriber(topic, "extra-copy"));
        }
    }

    @Test
    void shouldRefuseWhenAParticipantNamesItsSubscriptionAfterAnotherNode() throws Exception {
        broker.cases().set(CASE, List.of("NL-ENU", "BE-ENU"), "open-1");
        try (Connection be = connectWithoutClientIdAs("BE-ENU")) {
            Session s = be.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Topic topic = s.createTopic(BusAddresses.caseTopic(CASE));
            assertThrows(JMSSecurityException.class,
                    () -> s.createSharedDurableConsumer(topic, BusAddresses.caseSubscription("NL-ENU", CASE),
                            BusAddresses.caseSubscriptionFilter("NL-ENU")));
            assertThrows(JMSSecurityException.class, () -> s.createSharedDurableConsumer(topic, "NL-ENU.case"));
            assertNotNull(s.createSharedDurableConsumer(topic, BusAddresses.caseSubscription("BE-ENU", CASE),
                    BusAddresses.caseSubscriptionFilter("BE-ENU")));
        }
    }

    @Test
    void shouldRefuseWhenANodeConsumesOrBrowsesTheCaseControlAddress() throws Exception {
        try (Connection enu = connectAs("NL-ENU")) {
            Session s = enu.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(JMSSecurityException.class, () -> s.createConsumer(s.createTopic(BusAddresses.CASE_CONTROL)));
            assertThrows(JMSSecurityException.class,
                    () -> s.createSharedDurableConsumer(s.createTopic(BusAddresses.CASE_CONTROL), "listen-in"));
            // Nothing to browse either: the address has no queue.
            assertThrows(JMSException.class, () -> Collections.list(
                    s.createBrowser(s.createQueue(BusAddresses.CASE_CONTROL)).getEnumeration()));
        }
    }

    @Test
    void shouldApplyACaseChangeAndStoreNothingWhenANodeSendsItToTheControlAddress() throws Exception {
        CaseChange open = SignedCaseChanges.signed(pki, "NL-ENU", CASE, CaseChange.Kind.OPEN, java.util.Set.of("NL-ENU", "EUROJUST"),
                java.util.Set.of(), "5f0c3e2a-9b7d-4c1e-8a6f-0000000000c1");
        try (Connection enu = connectAs("NL-ENU"); Connection be = connectAs("BE-ENU"); Connection auditor = connectAs("AUDITOR")) {
            sendChange(enu, open);
            assertEquals(java.util.Set.of("NL-ENU", "EUROJUST"), broker.cases().participants(CASE));
            assertTrue(broker.server().bindingQuery(org.apache.activemq.artemis.api.core.SimpleString.of(BusAddresses.CASE_CONTROL))
                    .getQueueNames().isEmpty(), "the control address must have no queue");

            JMSSecurityException exists = assertThrows(JMSSecurityException.class, () -> sendChange(be,
                    SignedCaseChanges.signed(pki, "BE-ENU", CASE, CaseChange.Kind.OPEN, java.util.Set.of("BE-ENU", "EUROPOL"),
                            java.util.Set.of(), "5f0c3e2a-9b7d-4c1e-8a6f-0000000000c2")));
            assertEquals("case-exists", CaseChangeRefusal.find(exists).orElseThrow().code());
            assertThrows(JMSSecurityException.class, () -> sendChange(auditor,
                    SignedCaseChanges.signed(pki, "AUDITOR", "CASE-2026-000124", CaseChange.Kind.OPEN,
                            java.util.Set.of("AUDITOR", "EUROPOL"), java.util.Set.of(), "x")));
            assertTrue(!broker.cases().exists("CASE-2026-000124"));
        }
    }

    private static void sendChange(Connection c, CaseChange change) throws JMSException {
        Session s = c.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Message m = s.createMessage();
        for (var p : change.properties().entrySet()) {
            m.setStringProperty(p.getKey(), p.getValue());
        }
        s.createProducer(s.createTopic(BusAddresses.CASE_CONTROL)).send(m);
        s.close();
    }

    @Test
    void shouldLetANodeDeadLetterOnlyIntoItsOwnQueue() throws Exception {
        try (Connection enu = connectAs("NL-ENU")) {
            send(enu, BusAddresses.deadLetter("NL-ENU"), "rejected with reason", null);
            assertThrows(JMSSecurityException.class, () -> send(enu, BusAddresses.deadLetter("BE-ENU"), "forged", null));
        }
    }

    @Test
    void shouldKeepOneCopyWhenTheSameMessageIdIsSentTwice() throws Exception {
        try (Connection nmt = connectAs("NL-NMT"); Connection enu = connectAs("NL-ENU")) {
            send(nmt, BusAddresses.inbox("NL-ENU"), "first", "5f0c3e2a-9b7d-4c1e-8a6f-000000000001");
            send(nmt, BusAddresses.inbox("NL-ENU"), "replay", "5f0c3e2a-9b7d-4c1e-8a6f-000000000001");
            assertEquals("first", text(receive(enu, BusAddresses.inbox("NL-ENU"))));
            Session s = enu.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertNull(s.createConsumer(s.createQueue(BusAddresses.inbox("NL-ENU"))).receive(300));
        }
    }

    @Test
    void shouldRefuseWhenAMessageNamesAnotherNodeAsSender() throws Exception {
        try (Connection nmt = connectAs("NL-NMT")) {
            Session s = nmt.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = s.createBytesMessage();
            m.setStringProperty(EmbeddedBroker.SENDER_PROPERTY, "BE-ENU");
            assertThrows(JMSSecurityException.class, () -> s.createProducer(s.createQueue(BusAddresses.inbox("NL-ENU"))).send(m));
        }
    }

    @Test
    void shouldNotLetOneNodeSuppressAnothersMessageByTakingItsDuplicateId() throws Exception {
        String id = "5f0c3e2a-9b7d-4c1e-8a6f-000000000099";
        try (Connection be = connectAs("BE-ENU"); Connection nmt = connectAs("NL-NMT"); Connection enu = connectAs("NL-ENU")) {
            send(be, BusAddresses.inbox("NL-ENU"), "junk first", id);
            send(nmt, BusAddresses.inbox("NL-ENU"), "the real one", id);
            Session s = enu.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = s.createConsumer(s.createQueue(BusAddresses.inbox("NL-ENU")));
            assertEquals("junk first", text(consumer.receive(5_000)));
            Message real = consumer.receive(5_000);
            assertNotNull(real, "the broker dropped NL-NMT's message as a duplicate of BE-ENU's");
            assertEquals("NL-NMT", real.getStringProperty(EmbeddedBroker.SENDER_PROPERTY));
        }
    }

    @Test
    void shouldKeepMessagesWhenTheBrokerRestarts() throws Exception {
        try (Connection nmt = connectAs("NL-NMT")) {
            send(nmt, BusAddresses.inbox("NL-ENU"), "durable", null);
        }
        int port = broker.port();
        broker.close();
        broker = startOn(port);
        try (Connection enu = connectAs("NL-ENU")) {
            assertEquals("durable", text(receive(enu, BusAddresses.inbox("NL-ENU"))));
        }
    }

    @Test
    void shouldRefuseWhenTheClientHasNoCertificate() {
        ActiveMQConnectionFactory anonymous = BrokerTransport.factory("127.0.0.1", broker.port(), null,
                new PkiLayout(pki).caCertificate());
        anonymous.setCallTimeout(3000);
        assertThrows(JMSException.class, () -> anonymous.createConnection().close());
    }

    @Test
    void shouldRefuseNewConnectionsWhenTheCertificateIsRevokedWhileTheBrokerRuns() throws Exception {
        connectAs("BE-ENU").close();
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).revoke(pki, "BE-ENU");
        assertThrows(JMSSecurityException.class, () -> connectAs("BE-ENU").close());
        connectAs("NL-ENU").close();
    }

    @Test
    void shouldRefuseWhenTheNodeCertificateIsRevoked() throws Exception {
        broker.close();
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).revoke(pki, "BE-ENU");
        broker = startOn(0);
        assertThrows(JMSSecurityException.class, () -> connectAs("BE-ENU").close());
        connectAs("NL-ENU").close();
    }
}
