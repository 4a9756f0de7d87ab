package eu.bus.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import eu.bus.keys.DevPki;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What another site's broker may do when it links in with its site identity (its broker certificate): hand over
 * messages of its own site's nodes for this site's inboxes and receipts queues, and nothing else. The broker here
 * is the embedded one, which runs the same logic as a stock broker ({@link BrokerCore}); the link is a client with
 * the site's key store, as a core bridge connects.
 */
class SiteLinkAccessTest {

    static final List<String> NODES = List.of("NL-NMT", "BE-NMT", "BE-ENU", "EUROPOL", "EUROJUST");

    @TempDir
    Path dir;
    Path pki;
    EmbeddedBroker broker;

    @BeforeEach
    void start() throws Exception {
        pki = dir.resolve("pki");
        DevPki dev = new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);
        dev.create(pki, NODES);
        dev.issueServer(pki, SiteLinks.identity("NL"));
        dev.issueServer(pki, SiteLinks.identity("EUROPOL"));
        dev.issueServer(pki, SiteLinks.identity("EUROJUST"));
        dev.issueServer(pki, SiteLinks.identity("XX")); // a bus certificate for a site the registry does not know
        broker = EmbeddedBroker.start(BrokerSettings.defaults(dir.resolve("broker"), pki).withPort(0)
                .withHubs(java.util.Set.of("EUROPOL")), Clock.systemUTC());
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    private Connection linkOf(String site) throws JMSException {
        Connection connection = BrokerTransport.factory("127.0.0.1", broker.port(),
                ProtectedKeyStore.ofServer(pki, SiteLinks.identity(site)), new PkiLayout(pki).caCertificate())
                .createConnection(SiteLinks.identity(site), "certificate");
        connection.start();
        return connection;
    }

    private static void handOver(Connection link, String queue, String sender, String duplicateId) throws JMSException {
        Session s = link.createSession(false, Session.AUTO_ACKNOWLEDGE);
        Message m = s.createBytesMessage();
        m.setStringProperty(EmbeddedBroker.SENDER_PROPERTY, sender);
        m.setStringProperty("_AMQ_DUPL_ID", duplicateId);
        s.createProducer(s.createQueue(queue)).send(m);
        s.close();
    }

    @Test
    void shouldTakeAMessageOfALinkedSitesNodeForALocalInboxAndKeepItsSender() throws Exception {
        try (Connection link = linkOf("NL")) {
            handOver(link, BusAddresses.inbox("BE-NMT"), "NL-NMT", "NL-NMT:1");
        }
        Message arrived = nextInBeNmtsInbox();
        assertEquals("NL-NMT", arrived.getStringProperty(EmbeddedBroker.SENDER_PROPERTY));
    }

    /** What BE-NMT reads next from its inbox (waits up to 5 s; fails when nothing comes). */
    private Message nextInBeNmtsInbox() throws JMSException {
        try (Connection be = broker.connectionFactory(ProtectedKeyStore.ofNode(pki, "BE-NMT", eu.bus.keys.KeyPurpose.SIGNING))
                .createConnection()) {
            be.start();
            Session s = be.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message arrived = s.createConsumer(s.createQueue(BusAddresses.inbox("BE-NMT"))).receive(5_000);
            assertNotNull(arrived);
            return arrived;
        }
    }

    @Test
    void shouldRefuseALinkHandingOverAMessageOfANodeNotAtItsSite() throws Exception {
        try (Connection link = linkOf("NL")) {
            assertThrows(JMSSecurityException.class, () -> handOver(link, BusAddresses.inbox("BE-ENU"), "BE-NMT", "BE-NMT:1"));
            assertThrows(JMSSecurityException.class, () -> handOver(link, BusAddresses.inbox("BE-ENU"), "NL-NMT", "BE-NMT:2"),
                    "a duplicate id not scoped to the sender could suppress another node's message");
        }
    }

    @Test
    void shouldRefuseALinkReadingOrWritingAnythingButInboxesAndReceipts() throws Exception {
        try (Connection link = linkOf("NL")) {
            Session s = link.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(JMSSecurityException.class, () -> s.createConsumer(s.createQueue(BusAddresses.inbox("BE-NMT"))));
            assertThrows(JMSSecurityException.class, () -> handOver(link, BusAddresses.deadLetter("BE-NMT"), "NL-NMT", "NL-NMT:3"));
        }
    }

    @Test
    void shouldRefuseALinkOfASiteTheRegistryDoesNotKnow() {
        assertThrows(JMSException.class, () -> linkOf("XX").close());
    }

    /** A hub (bus site init --via EUROPOL) relays other sites' messages; a site that is no hub of this one may not. */
    @Test
    void shouldTakeFromAHubTheMessagesItRelaysForOtherSitesButNotFromASiteThatIsNoHub() throws Exception {
        try (Connection hub = linkOf("EUROPOL")) {
            handOver(hub, BusAddresses.inbox("BE-NMT"), "NL-NMT", "NL-NMT:relayed");
            assertThrows(JMSSecurityException.class, () -> handOver(hub, BusAddresses.inbox("BE-NMT"), "XX-NMT", "XX-NMT:1"),
                    "a hub relays only the messages of registered nodes");
        }
        try (Connection notAHub = linkOf("EUROJUST")) {
            assertThrows(JMSSecurityException.class, () -> handOver(notAHub, BusAddresses.inbox("BE-NMT"), "NL-NMT", "NL-NMT:4"));
        }
        assertEquals("NL-NMT:relayed", nextInBeNmtsInbox().getStringProperty("_AMQ_DUPL_ID"));
    }
}
