package eu.bus.broker;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.cli.BusCommand;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.TestMessages;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import eu.bus.keys.ServerCertificates;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bus on a stock broker: the Apache Artemis binary distribution (from Maven Central, unpacked by the build),
 * an instance made by its own {@code artemis create}, configured by {@code bus site init}, run by its own
 * {@code bin/artemis run} in a separate process. Nodes exchange messages through it, and the bus's logic is loaded
 * (a message naming another sender is refused, as by the embedded broker).
 */
class StockBrokerTest {

    static final List<String> NODES = List.of("NL-NMT", "BE-NMT");

    @TempDir
    Path dir;
    StockSites sites;
    Process broker;

    @BeforeEach
    void sites() {
        sites = new StockSites(dir);
    }

    @AfterEach
    void stop() throws Exception {
        StockSites.stop(broker);
    }

    @Test
    void shouldCarryMessagesAndApplyTheBusRulesOnAStockArtemisConfiguredByBusSiteInit() throws Exception {
        Path work = dir.resolve("work");
        BusLayout layout = new BusLayout(work);
        DevPki.init(layout.pki(), NODES);
        Path instance = sites.create("site");
        int port = StockSites.freePort();
        StockSites.Cli init = StockSites.cli("site", "init", instance.toString(), "--workdir", work.toString(),
                "--port", Integer.toString(port));
        assertEquals(0, init.exitCode(), init.err());
        String brokerXml = Files.readString(instance.resolve("etc/broker.xml"));
        String password = Files.readString(new PkiLayout(layout.pki()).serverDir(ServerCertificates.BROKER).resolve(
                KeyStorePasswords.FILE_NAME)).trim();
        assertFalse(brokerXml.contains(password), "the key store's password is never written into broker.xml");

        broker = sites.start(instance, password, "artemis");
        sites.awaitListening(broker, port, "artemis");

        try (BusNetwork bus = BusNetwork.startExternal(layout, NODES, new BrokerAddress("127.0.0.1", port), Clock.systemUTC(),
                audit -> { })) {
            UUID id = UUID.fromString(bus.node("NL-NMT").submit(TestMessages.freshBytes("assistance-response-2.json", "NL-NMT",
                    List.of("BE-NMT"))));
            await().atMost(Duration.ofSeconds(60)).until(() -> bus.node("NL-NMT").services().status().current(id)
                    .orElse(null) == MessageStatus.RECEIPTED);
            assertTrue(Files.exists(layout.delivered("BE-NMT").resolve(id + ".json")));
        }

        // The bus's plugins run in the stock broker: a message naming another node as its sender is refused.
        try (Connection nmt = BrokerTransport.factory("127.0.0.1", port, ProtectedKeyStore.ofNode(layout.pki(), "NL-NMT",
                KeyPurpose.SIGNING), new PkiLayout(layout.pki()).caCertificate()).createConnection()) {
            Session s = nmt.createSession(false, Session.AUTO_ACKNOWLEDGE);
            Message m = s.createBytesMessage();
            m.setStringProperty(EmbeddedBroker.SENDER_PROPERTY, "BE-NMT");
            assertThrows(JMSSecurityException.class, () -> s.createProducer(s.createQueue(BusAddresses.inbox("BE-NMT"))).send(m));
        }
    }

    /**
     * Two sites, each a stock broker with its own identity, linked both ways by core bridges: NL-NMT (at NL) and
     * BE-NMT (at BE) exchange a message and its receipt across the link; with BE's broker stopped, NL's keeps what
     * NL-NMT sends and hands it over once BE's broker is back. (A link's rights: {@link SiteLinkAccessTest}.)
     */
    @Test
    void shouldCarryMessagesBetweenTwoSitesOverTheirLinkAndKeepThemWhileItIsDown() throws Exception {
        StockSites.TwoSites two = twoSites();
        BusLayout layout = two.layout();
        int nlPort = two.nlPort();
        int bePort = two.bePort();
        Path be = two.be();
        Process nlBroker = sites.start(two.nl(), StockSites.password(layout, "NL"), "nl");
        broker = sites.start(be, StockSites.password(layout, "BE"), "be");
        try {
            sites.awaitListening(nlBroker, nlPort, "nl");
            sites.awaitListening(broker, bePort, "be");
            try (BusNetwork atNl = BusNetwork.startExternal(layout, List.of("NL-NMT"), new BrokerAddress("127.0.0.1", nlPort),
                    Clock.systemUTC(), audit -> { });
                 BusNetwork atBe = BusNetwork.startExternal(layout, List.of("BE-NMT"), new BrokerAddress("127.0.0.1", bePort),
                         Clock.systemUTC(), audit -> { })) {
                UUID first = submit(atNl);
                sites.awaitOrShowLogs(Duration.ofSeconds(60), () -> receipted(atNl, first), "nl", "be");

                broker.destroy(); // the link goes down: BE's broker stops
                assertTrue(broker.waitFor(60, TimeUnit.SECONDS));
                UUID second = submit(atNl);
                Thread.sleep(3_000);
                assertFalse(Files.exists(layout.delivered("BE-NMT").resolve(second + ".json")));
                broker = sites.start(be, StockSites.password(layout, "BE"), "be");
                sites.awaitListening(broker, bePort, "be");
                sites.awaitOrShowLogs(Duration.ofSeconds(120), () -> receipted(atNl, second), "nl", "be");
                assertTrue(Files.exists(layout.delivered("BE-NMT").resolve(second + ".json")));
            }
        } finally {
            nlBroker.destroy();
            nlBroker.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /**
     * A long link outage with a backlog larger than the waiting queue's page size (ARTEMIS-5733: a 2.44 bridge whose
     * confirmation window exceeds the target's max-size-bytes can stall on flow control): 300 messages of 64 KiB
     * (19 MiB, paged at NL; every 25th of 1.5 MiB, a large message) wait while BE's broker is down, and all of them reach
     * BE once it is back.
     */
    @Test
    void shouldDrainABackLogLargerThanThePageSizeAfterALongLinkOutage() throws Exception {
        StockSites.TwoSites two = twoSites();
        BusLayout layout = two.layout();
        int nlPort = two.nlPort();
        int bePort = two.bePort();
        Path be = two.be();
        Process nlBroker = sites.start(two.nl(), StockSites.password(layout, "NL"), "nl");
        int count = 300;
        byte[] body = new byte[64 * 1024];
        // Every 25th a large message: above the bridge's min-large-message-size (100 KiB) and its old 1 MiB producer
        // window, the sends that upset the credits of ARTEMIS-5733.
        byte[] large = new byte[3 * 512 * 1024];
        long largeCount = 0;
        try {
            sites.awaitListening(nlBroker, nlPort, "nl");
            try (Connection nmt = connect(layout, nlPort, "NL-NMT")) {
                Session s = nmt.createSession(false, Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.MessageProducer producer = s.createProducer(s.createQueue(BusAddresses.inbox("BE-NMT")));
                for (int i = 0; i < count; i++) {
                    jakarta.jms.BytesMessage m = s.createBytesMessage();
                    m.writeBytes(i % 25 == 0 ? large : body);
                    m.setStringProperty("_AMQ_DUPL_ID", "backlog-" + i);
                    producer.send(m);
                }
            }
            broker = sites.start(be, StockSites.password(layout, "BE"), "be"); // the link comes up with 19 MiB waiting
            sites.awaitListening(broker, bePort, "be");
            int received = 0;
            try (Connection benmt = connect(layout, bePort, "BE-NMT")) {
                Session s = benmt.createSession(false, Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.MessageConsumer consumer = s.createConsumer(s.createQueue(BusAddresses.inbox("BE-NMT")));
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (received < count && System.nanoTime() < deadline) {
                    jakarta.jms.Message m = consumer.receive(1_000);
                    if (m != null) {
                        received++;
                        largeCount += ((jakarta.jms.BytesMessage) m).getBodyLength() == large.length ? 1 : 0;
                    }
                }
            }
            assertEquals(count, received, "every message waiting at NL crossed the link once it was back");
            assertEquals(count / 25, largeCount, "the large messages crossed whole");
        } finally {
            nlBroker.destroy();
            nlBroker.waitFor(60, TimeUnit.SECONDS);
        }
    }

    private static Connection connect(BusLayout layout, int port, String node) throws jakarta.jms.JMSException {
        Connection connection = BrokerTransport.factory("127.0.0.1", port, ProtectedKeyStore.ofNode(layout.pki(), node,
                KeyPurpose.SIGNING), new PkiLayout(layout.pki()).caCertificate()).createConnection();
        connection.start();
        return connection;
    }

    private StockSites.TwoSites twoSites() throws Exception {
        BusLayout layout = new BusLayout(dir.resolve("work"));
        DevPki pki = new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);
        pki.create(layout.pki(), NODES);
        return sites.twoSites(layout, pki);
    }

    private static UUID submit(BusNetwork network) {
        return UUID.fromString(network.node("NL-NMT").submit(TestMessages.freshBytes("assistance-response-2.json", "NL-NMT",
                List.of("BE-NMT"))));
    }

    private static boolean receipted(BusNetwork network, UUID id) {
        return network.node("NL-NMT").services().status().current(id).orElse(null) == MessageStatus.RECEIPTED;
    }

    @Test
    void shouldConfigureOnlyTheQueuesOfTheSitesNodesAndRefuseADirectoryThatIsNoInstance() throws Exception {
        Path work = dir.resolve("work");
        BusLayout layout = new BusLayout(work);
        DevPki.init(layout.pki(), NODES);
        Path instance = dir.resolve("site");
        Files.createDirectories(instance.resolve("etc"));
        Files.createDirectories(instance.resolve("bin"));
        StockSites.Cli noKeys = StockSites.cli("site", "init", instance.toString(), "--site", "NL", "--workdir", work.toString());
        assertEquals(2, noKeys.exitCode());
        assertTrue(noKeys.err().contains("bus keys tls site-nl"), noKeys.err());
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).issueServer(layout.pki(), SiteLinks.identity("NL"));
        StockSites.Cli init = StockSites.cli("site", "init", instance.toString(), "--site", "NL", "--workdir", work.toString());
        assertEquals(0, init.exitCode(), init.err());
        String brokerXml = Files.readString(instance.resolve("etc/broker.xml"));
        assertTrue(brokerXml.contains(BusAddresses.inbox("NL-NMT")) && !brokerXml.contains(BusAddresses.inbox("BE-NMT")), brokerXml);
        assertTrue(Files.readString(instance.resolve("etc/bootstrap.xml")).contains(BusSecurityManager.class.getName()));

        StockSites.Cli noInstance = StockSites.cli("site", "init", dir.resolve("nothing").toString(), "--workdir", work.toString());
        assertEquals(2, noInstance.exitCode());
        assertTrue(noInstance.err().contains("artemis create"), noInstance.err());
        StockSites.Cli noSuchSite = StockSites.cli("site", "init", instance.toString(), "--site", "XX", "--workdir", work.toString());
        assertEquals(2, noSuchSite.exitCode());
        assertTrue(noSuchSite.err().contains("bus keys list"), noSuchSite.err());
    }
}
