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

        broker = start(instance, password);
        awaitListening(port);

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

    @Test
    void shouldConfigureOnlyTheQueuesOfTheSitesNodesAndRefuseADirectoryThatIsNoInstance() throws Exception {
        Path work = dir.resolve("work");
        BusLayout layout = new BusLayout(work);
        DevPki.init(layout.pki(), NODES);
        Path instance = dir.resolve("site");
        Files.createDirectories(instance.resolve("etc"));
        Files.createDirectories(instance.resolve("bin"));
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

    private Process start(Path instance, String password) throws IOException {
        ProcessBuilder builder = new ProcessBuilder("bash", instance.resolve("bin/artemis").toString(), "run")
                .redirectErrorStream(true).redirectOutput(dir.resolve("artemis.log").toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put(KeyStorePasswords.variableFor(ServerCertificates.BROKER), password);
        return builder.start();
    }

    private void awaitListening(int port) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            if (!broker.isAlive()) {
                throw new AssertionError("the broker stopped: " + Files.readString(dir.resolve("artemis.log")));
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
