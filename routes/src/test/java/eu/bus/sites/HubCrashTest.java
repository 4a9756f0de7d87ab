package eu.bus.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.audit.VerificationReport;
import eu.bus.exchange.TestMessages;
import eu.bus.rest.BusApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three sites as separate processes: the stock Artemis brokers of NL, BE and the hub (EUROPOL), linked only through
 * the hub, and a node process for NL-NMT and for BE-NMT, each with its own keys. The hub's broker is killed (SIGKILL) while NL-NMT
 * submits 1,000 messages for BE-NMT, and started again on its journal: every message must reach BE-NMT exactly
 * once, in the order NL-NMT submitted them, and be receipted; every node's audit log must verify. Every process
 * started is gone at the end, pass or fail.
 */
class HubCrashTest {

    static final int MESSAGES = Integer.getInteger("hubCrash.messages", 1_000);
    /** Clients submitting at once, each waiting for an answer before its next message (its order must hold). */
    static final int CLIENTS = 4;

    @TempDir
    Path dir;
    SiteNetwork network;

    @AfterEach
    void stopEverything() {
        if (network != null) {
            network.close();
            assertEquals(List.of(), network.running(), "every process the test started is gone");
        }
    }

    @Test
    void shouldDeliverEveryMessageOnceAndInOrderWhenTheHubBrokerIsKilledWhileNlSubmits() throws Exception {
        SitePlan plan = SitePlan.of(List.of("NL-NMT", "BE-NMT", "EUROPOL"), List.of("EUROPOL"));
        network = SiteNetwork.create(dir, ArtemisDistribution.locate(null), plan, line -> say(line));
        network.start(line -> say(line), List.of("NL-NMT", "BE-NMT")); // EUROPOL: in the registry (its site), no process
        NodeProcess nl = network.node("NL-NMT");
        NodeProcess be = network.node("BE-NMT");
        BusApiClient api = nl.api();

        List<List<UUID>> there = List.of(List.of(submit(api, "NL-NMT", List.of("BE-NMT"))));
        List<List<UUID>> back = List.of(List.of(submit(be.api(), "BE-NMT", List.of("NL-NMT"))));
        assertTrue(awaitComplete(there, nl, be, Duration.ofMinutes(2)).complete(), "NL-NMT to BE-NMT through the hub");
        assertTrue(awaitComplete(back, be, nl, Duration.ofMinutes(1)).complete(), "BE-NMT to NL-NMT through the hub");

        SiteBroker hub = network.broker("EUROPOL");
        java.util.concurrent.atomic.AtomicInteger accepted = new java.util.concurrent.atomic.AtomicInteger();
        List<List<UUID>> sent = new ArrayList<>();
        List<java.util.concurrent.Future<?>> clients = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            List<UUID> sequence = java.util.Collections.synchronizedList(new ArrayList<>());
            sent.add(sequence);
            clients.add(pool.submit(() -> {
                for (int i = 0; i < MESSAGES / CLIENTS; i++) {
                    sequence.add(submit(api, "NL-NMT", List.of("BE-NMT")));
                    int total = accepted.incrementAndGet();
                    if (total == MESSAGES / 4) {
                        hub.kill();
                        say("hub broker killed (SIGKILL) after " + total + " submissions");
                    } else if (total == MESSAGES * 3 / 5) {
                        hub.start();
                        say("hub broker started again after " + total + " submissions");
                    }
                }
                return null;
            }));
        }
        pool.shutdown();
        for (java.util.concurrent.Future<?> client : clients) {
            client.get(10, java.util.concurrent.TimeUnit.MINUTES);
        }
        hub.awaitListening(Duration.ofMinutes(2));
        ExchangeCount count = awaitComplete(sent, nl, be, Duration.ofMinutes(6));
        say("RESULT " + count.line());
        assertEquals(0, count.lost(), count.line());
        assertEquals(0, count.deliveredTwice(), count.line());
        assertEquals(0, count.outOfOrder(), count.line());
        assertEquals(MESSAGES, count.receipted(), count.line());

        AuditLogCheck logs = AuditLogCheck.against(dir.resolve("pki"), 0);
        for (NodeProcess node : List.of(nl, be)) {
            node.stop(); // its last checkpoint written
            VerificationReport report = logs.verify(node.layout().audit(node.node()));
            say("audit log of " + node.node() + ": " + report.summary());
            assertTrue(report.ok(), node.node() + ": " + report.summary());
        }
    }

    private static void say(String line) {
        System.out.println("[sites " + java.time.LocalTime.now() + "] " + line);
    }

    private static UUID submit(BusApiClient api, String sender, List<String> recipients) throws Exception {
        BusApiClient.Response answer = api.submit(TestMessages.freshBytes("victim-referral-1.json", sender, recipients));
        assertEquals(202, answer.status(), answer.body());
        return UUID.fromString(answer.json().path("messageId").asText());
    }

    private ExchangeCount awaitComplete(List<List<UUID>> sent, NodeProcess sender, NodeProcess recipient, Duration atMost)
            throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        ExchangeCount count = ExchangeCount.of(sent, sender, recipient, network.brokers());
        while (!count.complete() && System.nanoTime() < deadline) {
            Thread.sleep(1_000);
            count = ExchangeCount.of(sent, sender, recipient, network.brokers());
        }
        return count;
    }
}
