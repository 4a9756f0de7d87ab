package eu.bus.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.broker.BrokerAddress;
import eu.bus.broker.BrokerTransport;
import eu.bus.broker.BusAddresses;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.NodeGateway;
import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.StatusStore;
import eu.bus.exchange.TestMessages;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.ProtectedKeyStore;
import jakarta.jms.Connection;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker as its own process ({@code bus broker}, a separate JVM started from the test class path)
 * and the nodes in this JVM against it ({@link BusNetwork#startExternal}): delivery, authorisation in the
 * broker process, and a broker killed and restarted under running nodes.
 */
class ExternalBrokerTest {

    static final List<String> PKI_NODES = List.of("NL-NMT", "NL-ENU", "BE-NMT", "EUROPOL");
    static final List<String> RUNNING = List.of("NL-NMT", "NL-ENU", "EUROPOL");
    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;
    BusLayout layout;
    /** Every process a test started (processes and bus run), destroyed by pid after it. */
    final List<BusProcess> processes = new ArrayList<>();
    final List<BusNetwork> networks = new ArrayList<>();

    @BeforeEach
    void createPki() {
        layout = new BusLayout(dir);
        DevPki.init(layout.pki(), PKI_NODES);
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (BusNetwork network : networks) {
            network.close();
        }
        for (BusProcess process : processes) {
            process.close();
        }
    }

    /** {@code bus broker --workdir DIR --port PORT} in its own JVM; returns once broker.json names it. */
    private BrokerFile startBroker(int port) throws Exception {
        startBusProcess("broker", "-Xmx256m", p -> BrokerFile.read(dir).filter(f -> f.pid() == p.pid()).isPresent(),
                "broker", "--workdir", dir.toString(), "--port", Integer.toString(port));
        return BrokerFile.read(dir).orElseThrow();
    }

    /** {@code bus run --workdir DIR --broker HOST:PORT --nodes ...} in its own JVM; returns once run.json names it. */
    private Process startRun(BrokerAddress broker, List<String> nodes) throws Exception {
        return startBusProcess("run", "-Xmx512m", p -> eu.bus.rest.RunFile.read(dir).filter(f -> f.pid() == p.pid()).isPresent(),
                "run", "--workdir", dir.toString(), "--broker", broker.host() + ":" + broker.port(), "--nodes", String.join(",", nodes));
    }

    /** {@code bus ARGS} in a JVM of its own ({@link BusProcess}), stopped after each test; returns once {@code announced} says it is up. */
    private Process startBusProcess(String name, String heap, Predicate<Process> announced, String... args) throws Exception {
        BusProcess process = BusProcess.start("external-" + name, heap, Map.of(), args);
        processes.add(process);
        return process.awaitUp(announced).process;
    }

    private BusNetwork startNodes(List<String> nodes, BrokerAddress broker) throws Exception {
        BusNetwork network = BusNetwork.startExternal(layout, nodes, broker, Clock.systemUTC(), audit -> { });
        networks.add(network);
        return network;
    }

    /** A connection factory as NL-NMT, straight to the broker process. */
    private ActiveMQConnectionFactory nlNmt(BrokerFile broker) {
        return BrokerTransport.factory(broker.address().host(), broker.address().port(),
                ProtectedKeyStore.ofNode(layout.pki(), "NL-NMT", KeyPurpose.SIGNING), new PkiLayout(layout.pki()).caCertificate());
    }

    @Test
    void shouldDeliverReceiptAndForwardWhenTheBrokerRunsInItsOwnProcess() throws Exception {
        BrokerFile broker = startBroker(0);
        BusNetwork bus = startNodes(RUNNING, broker.address());
        assertTrue(bus.embeddedBroker().isEmpty(), "no broker in the nodes' process");

        String id = bus.node("NL-NMT").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));

        awaitReceiptedAndForwarded(bus, id);
        assertTrue(bus.broker().isUp());
    }

    @Test
    void shouldOpenACaseAndDeliverOnItsTopicWhenTheBrokerRunsInItsOwnProcess() throws Exception {
        BrokerFile broker = startBroker(0);
        BusNetwork bus = startNodes(RUNNING, broker.address());
        String caseId = "CASE-2026-000777";

        bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.caseOpen(caseId, "NL-ENU", List.of("EUROPOL"))));
        await().atMost(WAIT).until(() -> bus.node("EUROPOL").services().cases().isParticipant(caseId, "EUROPOL"));
        String id = bus.node("NL-ENU").submit(TestMessages.bytes(TestMessages.aboutCase(caseId, "NL-ENU", List.of("EUROPOL"))));

        assertDelivered("EUROPOL", id);
        // The broker process learnt the participants through its control address: a non-participant is refused the topic.
        try (ActiveMQConnectionFactory factory = nlNmt(broker);
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            assertThrows(JMSSecurityException.class, () -> session.createSharedDurableConsumer(
                    session.createTopic(BusAddresses.caseTopic(caseId)), BusAddresses.caseSubscription("NL-NMT", caseId),
                    BusAddresses.caseSubscriptionFilter("NL-NMT")));
        }
    }

    @Test
    void shouldTakeASubmissionToReceiptedWhenBrokerAndNodesRunAsTheReadmeSays() throws Exception {
        BrokerFile broker = startBroker(0);
        startRun(broker.address(), RUNNING);

        CliRun submit = CliRun.bus("submit", "../schemas/examples/valid/intelligence-report-1.json", "--as", "NL-NMT", "--fresh",
                "--workdir", dir.toString());
        assertEquals(0, submit.exitCode(), submit.err());
        String id = submit.out().trim().split(" ")[2];
        await().atMost(WAIT).until(() -> CliRun.bus("status", id, "--workdir", dir.toString()).out().contains("RECEIPTED"));
    }

    @Test
    void shouldRemoveBrokerFileWhenTheBrokerIsStoppedWithSigterm() throws Exception {
        startBroker(0);
        Process broker = processes.get(0).process;
        broker.destroy(); // SIGTERM: the shutdown hook stops the broker
        assertTrue(broker.waitFor(60, TimeUnit.SECONDS));
        assertFalse(Files.exists(BrokerFile.path(dir)), "broker.json is removed on shutdown");
    }

    @Test
    void shouldRefuseANodeConsumingAnotherNodesInboxWhenTheBrokerRunsInItsOwnProcess() throws Exception {
        BrokerFile broker = startBroker(0);
        try (ActiveMQConnectionFactory factory = nlNmt(broker);
             Connection connection = factory.createConnection()) {
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            session.createConsumer(session.createQueue(BusAddresses.inbox("NL-NMT"))).close();
            assertThrows(JMSSecurityException.class,
                    () -> session.createConsumer(session.createQueue(BusAddresses.inbox("NL-ENU"))));
        }
    }

    @Test
    void shouldRefuseASecondBrokerWhenOneRunsInTheWorkDir() throws Exception {
        BrokerFile broker = startBroker(0);
        CliRun second = CliRun.bus("broker", "--workdir", dir.toString(), "--port", "0");
        assertEquals(ExitCodes.INVALID_INPUT, second.exitCode());
        assertTrue(second.err().contains("a broker already runs in " + dir.toAbsolutePath().normalize() + " (pid " + broker.pid()),
                second.err());
    }

    @Test
    void shouldDeliverNewAndKeepEarlierMessagesWhenTheBrokerIsKilledAndRestarted() throws Exception {
        BrokerFile first = startBroker(0);
        BusNetwork bus = startNodes(RUNNING, first.address());
        // Accepted (stored by the broker) for a node that is not running yet: it must survive the kill.
        String referral = bus.node("NL-NMT").submit(TestMessages.freshBytes("victim-referral-1.json", "NL-NMT", List.of("BE-NMT")));
        StatusStore status = bus.node("NL-NMT").services().status();
        assertEquals(MessageStatus.SENT, status.current(UUID.fromString(referral)).orElseThrow());

        Process killed = processes.get(0).process;
        killed.destroyForcibly(); // SIGKILL: no clean shutdown of the journal
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        BrokerFile restarted = startBroker(first.address().port());

        String id = bus.node("NL-NMT").submit(TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        awaitReceiptedAndForwarded(bus, id);

        startNodes(List.of("BE-NMT"), restarted.address());
        await().atMost(WAIT).until(() -> Files.exists(layout.delivered("BE-NMT").resolve(referral + ".json")));
        await().atMost(WAIT).until(() -> status.current(UUID.fromString(referral)).orElse(null) == MessageStatus.RECEIPTED);
    }

    /** Kills the broker process (SIGKILL: no clean shutdown of its journal) and waits until it is gone. */
    private void killBroker() throws Exception {
        Process broker = processes.get(0).process;
        broker.destroyForcibly();
        assertTrue(broker.waitFor(30, TimeUnit.SECONDS));
    }

    @Test
    void shouldAnswerQueuedAtOnceAndSendFromTheOutboxWhenTheKilledBrokerIsBack() throws Exception {
        BrokerFile first = startBroker(0);
        BusNetwork bus = startNodes(RUNNING, first.address());
        killBroker();
        long started = System.nanoTime();
        NodeGateway.Submitted submitted = bus.node("NL-NMT").submitDocument(
                TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(submitted.queued(), "the broker is gone: the message waits in the outbox");
        assertTrue(took.compareTo(Duration.ofSeconds(8)) < 0, "the submitter has its id within seconds, took " + took);
        StatusStore status = bus.node("NL-NMT").services().status();
        assertEquals(MessageStatus.SUBMITTED, status.current(UUID.fromString(submitted.messageId())).orElseThrow());

        startBroker(first.address().port());
        awaitReceiptedAndForwarded(bus, submitted.messageId());
    }

    @Test
    void shouldSendWhatTheOutboxKeptWhenTheNodesStartAgainAfterTheBrokerWasDown() throws Exception {
        BrokerFile first = startBroker(0);
        BusNetwork bus = startNodes(RUNNING, first.address());
        killBroker();
        NodeGateway.Submitted submitted = bus.node("NL-NMT").submitDocument(
                TestMessages.freshBytes("intelligence-report-1.json", "NL-NMT", List.of("NL-ENU")));
        assertTrue(submitted.queued());
        networks.remove(bus);
        bus.close(); // the node stops with the message unsent: only its outbox on disk remembers it

        BrokerFile restarted = startBroker(first.address().port());
        BusNetwork again = startNodes(RUNNING, restarted.address());
        awaitReceiptedAndForwarded(again, submitted.messageId());
    }

    @Test
    void shouldReportTheBrokerDownAndStopPromptlyWhenTheBrokerProcessIsGone() throws Exception {
        BrokerFile broker = startBroker(0);
        BusNetwork bus = startNodes(RUNNING, broker.address());
        processes.get(0).process.destroyForcibly();
        await().atMost(WAIT).until(() -> !bus.broker().isUp());
        networks.remove(bus);
        // At worst one Artemis call timeout (30 s) for a call in flight when the broker died; without closing the
        // connections first, Camel waited out its 45 s graceful shutdown and the consumers kept reconnecting.
        assertTimeout(Duration.ofSeconds(40), bus::close);
    }

    private void awaitReceiptedAndForwarded(BusNetwork bus, String id) {
        assertDelivered("NL-ENU", id);
        StatusStore status = bus.node("NL-NMT").services().status();
        await().atMost(WAIT).until(() -> status.current(UUID.fromString(id)).orElse(null) == MessageStatus.RECEIPTED);
        UUID forwardId = UUID.nameUUIDFromBytes(("forward:NL-ENU:" + id).getBytes(StandardCharsets.UTF_8));
        assertDelivered("EUROPOL", forwardId.toString());
    }

    private void assertDelivered(String node, String id) {
        Path delivered = layout.delivered(node).resolve(id + ".json");
        await().atMost(WAIT).until(() -> Files.exists(delivered));
    }

    @Test
    void shouldDescribeTheCommandWithAnExampleWhenBrokerHelpIsAsked() {
        CliRun help = CliRun.bus("broker", "--help");
        assertEquals(ExitCodes.OK, help.exitCode());
        assertTrue(help.out().contains("Runs only the bus broker, as its own process"), help.out());
        assertTrue(help.out().contains("bus broker --workdir bus-data"), help.out());
        assertTrue(help.out().contains("bus run --workdir bus-data --broker 127.0.0.1:61617"), help.out());
        assertTrue(help.out().contains("--port") && help.out().contains("--host"), help.out());
    }

    @Test
    void shouldExitTwoNamingTheAddressAndHowToStartOneWhenNoBrokerAnswers() {
        CliRun run = CliRun.bus("run", "--workdir", dir.toString(), "--nodes", "NL-NMT", "--broker", "127.0.0.1:1");
        assertEquals(ExitCodes.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().startsWith("bus run: cannot connect to the bus broker at 127.0.0.1:1"), run.err());
        assertTrue(run.err().contains("Start one with: bus broker --workdir DIR --port 1"), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        assertFalse(Files.exists(dir.resolve("run.json")));
    }

    @Test
    void shouldExitTwoWhenTheNodesHaveNoPkiForAnExternalBroker() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        CliRun run = CliRun.bus("run", "--workdir", empty.toString(), "--broker", "127.0.0.1:1");
        assertEquals(ExitCodes.INVALID_INPUT, run.exitCode());
        assertTrue(run.err().contains("no PKI in " + empty.resolve("pki")), run.err());
    }
}
