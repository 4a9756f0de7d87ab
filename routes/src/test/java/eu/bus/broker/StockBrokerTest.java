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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bus on a stock broker: the Apache Artemis binary distribution (from Maven Central, unpacked by the build),
 * an instance made by its own {@code artemis create}, configured by {@code bus site init}, run by its own
 * {@code bin/artemis run} in a separate process. Nodes exchange messages through it, and the bus's logic is loaded
 * (a message naming another sender is refused, as by the embedded broker).
 */
class StockBrokerTest {

    static final Path ARTEMIS_HOME = Path.of("target/artemis/apache-artemis-2.44.0");
    static final List<String> NODES = List.of("NL-NMT", "BE-NMT");

    @TempDir
    Path dir;
    Process broker;

    @AfterEach
    void stop() throws Exception {
        if (broker != null && broker.isAlive()) {
            broker.destroy(); // SIGTERM: Artemis stops cleanly
            if (!broker.waitFor(60, TimeUnit.SECONDS)) {
                broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void shouldCarryMessagesAndApplyTheBusRulesOnAStockArtemisConfiguredByBusSiteInit() throws Exception {
        assertTrue(Files.isRegularFile(ARTEMIS_HOME.resolve("bin/artemis")),
                "the build unpacks the Artemis distribution to " + ARTEMIS_HOME.toAbsolutePath() + " (mvn generate-test-resources)");
        Path work = dir.resolve("work");
        BusLayout layout = new BusLayout(work);
        DevPki.init(layout.pki(), NODES);
        Path instance = dir.resolve("site");
        run(List.of("bash", ARTEMIS_HOME.resolve("bin/artemis").toAbsolutePath().toString(), "create", instance.toString(),
                "--silent", "--user", "unused", "--password", "unused", "--require-login", "--no-web", "--no-autotune"));
        int port = freePort();
        Cli init = cli("site", "init", instance.toString(), "--workdir", work.toString(),
                "--port", Integer.toString(port));
        assertEquals(0, init.exitCode(), init.err());
        String brokerXml = Files.readString(instance.resolve("etc/broker.xml"));
        String password = Files.readString(new PkiLayout(layout.pki()).serverDir(ServerCertificates.BROKER).resolve(
                KeyStorePasswords.FILE_NAME)).trim();
        assertFalse(brokerXml.contains(password), "the key store's password is never written into broker.xml");

        broker = start(instance, password, "artemis");
        awaitListening(broker, port, "artemis");

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
        TwoSites sites = twoSites();
        BusLayout layout = sites.layout();
        int nlPort = sites.nlPort();
        int bePort = sites.bePort();
        Path be = sites.be();
        Process nlBroker = start(sites.nl(), password(layout, "NL"), "nl");
        broker = start(be, password(layout, "BE"), "be");
        try {
            awaitListening(nlBroker, nlPort, "nl");
            awaitListening(broker, bePort, "be");
            try (BusNetwork atNl = BusNetwork.startExternal(layout, List.of("NL-NMT"), new BrokerAddress("127.0.0.1", nlPort),
                    Clock.systemUTC(), audit -> { });
                 BusNetwork atBe = BusNetwork.startExternal(layout, List.of("BE-NMT"), new BrokerAddress("127.0.0.1", bePort),
                         Clock.systemUTC(), audit -> { })) {
                UUID first = submit(atNl);
                awaitOrShowLogs(Duration.ofSeconds(60), () -> receipted(atNl, first), "nl", "be");

                broker.destroy(); // the link goes down: BE's broker stops
                assertTrue(broker.waitFor(60, TimeUnit.SECONDS));
                UUID second = submit(atNl);
                Thread.sleep(3_000);
                assertFalse(Files.exists(layout.delivered("BE-NMT").resolve(second + ".json")));
                broker = start(be, password(layout, "BE"), "be");
                awaitListening(broker, bePort, "be");
                awaitOrShowLogs(Duration.ofSeconds(120), () -> receipted(atNl, second), "nl", "be");
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
     * (19 MiB, paged at NL) wait while BE's broker is down, and all of them reach BE once it is back.
     */
    @Test
    void shouldDrainABackLogLargerThanThePageSizeAfterALongLinkOutage() throws Exception {
        TwoSites sites = twoSites();
        BusLayout layout = sites.layout();
        int nlPort = sites.nlPort();
        int bePort = sites.bePort();
        Path be = sites.be();
        Process nlBroker = start(sites.nl(), password(layout, "NL"), "nl");
        int count = 300;
        byte[] body = new byte[64 * 1024];
        try {
            awaitListening(nlBroker, nlPort, "nl");
            try (Connection nmt = connect(layout, nlPort, "NL-NMT")) {
                Session s = nmt.createSession(false, Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.MessageProducer producer = s.createProducer(s.createQueue(BusAddresses.inbox("BE-NMT")));
                for (int i = 0; i < count; i++) {
                    jakarta.jms.BytesMessage m = s.createBytesMessage();
                    m.writeBytes(body);
                    m.setStringProperty("_AMQ_DUPL_ID", "backlog-" + i);
                    producer.send(m);
                }
            }
            broker = start(be, password(layout, "BE"), "be"); // the link comes up with 19 MiB waiting
            awaitListening(broker, bePort, "be");
            int received = 0;
            try (Connection benmt = connect(layout, bePort, "BE-NMT")) {
                Session s = benmt.createSession(false, Session.AUTO_ACKNOWLEDGE);
                jakarta.jms.MessageConsumer consumer = s.createConsumer(s.createQueue(BusAddresses.inbox("BE-NMT")));
                long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                while (received < count && System.nanoTime() < deadline) {
                    if (consumer.receive(1_000) != null) {
                        received++;
                    }
                }
            }
            assertEquals(count, received, "every message waiting at NL crossed the link once it was back");
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

    /** Waits; on a timeout the brokers' logs (their warnings) are in the failure, since the temporary directory goes. */
    private void awaitOrShowLogs(Duration atMost, java.util.concurrent.Callable<Boolean> condition, String... logs) throws IOException {
        try {
            await().atMost(atMost).until(condition);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            StringBuilder shown = new StringBuilder(e.getMessage());
            for (String log : logs) {
                Files.readAllLines(dir.resolve(log + ".log")).stream().filter(l -> l.contains("WARN") || l.contains("ERROR"))
                        .limit(30).forEach(l -> shown.append('\n').append(log).append(": ").append(l));
            }
            throw new AssertionError(shown.toString(), e);
        }
    }

    /** A PKI with NL's and BE's broker identities, and two stock instances configured by bus site init to link both ways. */
    record TwoSites(BusLayout layout, Path nl, int nlPort, Path be, int bePort) {
    }

    private TwoSites twoSites() throws Exception {
        Path work = dir.resolve("work");
        BusLayout layout = new BusLayout(work);
        DevPki pki = new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);
        pki.create(layout.pki(), NODES);
        pki.issueServer(layout.pki(), SiteLinks.identity("NL"));
        pki.issueServer(layout.pki(), SiteLinks.identity("BE"));
        int nlPort = freePort();
        int bePort = freePort();
        return new TwoSites(layout, site("NL", work, nlPort, "BE=127.0.0.1:" + bePort), nlPort,
                site("BE", work, bePort, "NL=127.0.0.1:" + nlPort), bePort);
    }

    private Path site(String site, Path work, int port, String link) throws Exception {
        Path instance = dir.resolve("site-" + site.toLowerCase());
        run(List.of("bash", ARTEMIS_HOME.resolve("bin/artemis").toAbsolutePath().toString(), "create", instance.toString(),
                "--silent", "--user", "unused", "--password", "unused", "--require-login", "--no-web", "--no-autotune"));
        Cli init = cli("site", "init", instance.toString(), "--site", site, "--link", link, "--workdir", work.toString(),
                "--port", Integer.toString(port));
        assertEquals(0, init.exitCode(), init.err());
        return instance;
    }

    private static String password(BusLayout layout, String site) throws IOException {
        return Files.readString(new PkiLayout(layout.pki()).serverDir(SiteLinks.identity(site)).resolve(KeyStorePasswords.FILE_NAME)).trim();
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
        Cli noKeys = cli("site", "init", instance.toString(), "--site", "NL", "--workdir", work.toString());
        assertEquals(2, noKeys.exitCode());
        assertTrue(noKeys.err().contains("bus keys tls site-nl"), noKeys.err());
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).issueServer(layout.pki(), SiteLinks.identity("NL"));
        Cli init = cli("site", "init", instance.toString(), "--site", "NL", "--workdir", work.toString());
        assertEquals(0, init.exitCode(), init.err());
        String brokerXml = Files.readString(instance.resolve("etc/broker.xml"));
        assertTrue(brokerXml.contains(BusAddresses.inbox("NL-NMT")) && !brokerXml.contains(BusAddresses.inbox("BE-NMT")), brokerXml);
        assertTrue(Files.readString(instance.resolve("etc/bootstrap.xml")).contains(BusSecurityManager.class.getName()));

        Cli noInstance = cli("site", "init", dir.resolve("nothing").toString(), "--workdir", work.toString());
        assertEquals(2, noInstance.exitCode());
        assertTrue(noInstance.err().contains("artemis create"), noInstance.err());
        Cli noSuchSite = cli("site", "init", instance.toString(), "--site", "XX", "--workdir", work.toString());
        assertEquals(2, noSuchSite.exitCode());
        assertTrue(noSuchSite.err().contains("bus keys list"), noSuchSite.err());
    }

    /** The outcome of one bus command, run in this JVM. */
    record Cli(int exitCode, String out, String err) {
    }

    private static Cli cli(String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        picocli.CommandLine command = new picocli.CommandLine(new BusCommand());
        command.setOut(new java.io.PrintWriter(out, true));
        command.setErr(new java.io.PrintWriter(err, true));
        int code = command.execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    private Process start(Path instance, String password, String log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve(log + ".log").toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("JAVA_ARGS", "-Xms64m -Xmx512m");
        String identity = instance.getFileName().toString().startsWith("site-") ? instance.getFileName().toString()
                : ServerCertificates.BROKER;
        builder.environment().put(KeyStorePasswords.variableFor(identity), password);
        return builder.start();
    }

    private void awaitListening(Process process, int port, String log) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the broker stopped: " + Files.readString(dir.resolve(log + ".log")));
            }
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        });
    }

    private void run(List<String> command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        assertEquals(0, process.exitValue(), command + ": " + output);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
