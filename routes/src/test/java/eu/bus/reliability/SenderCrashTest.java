package eu.bus.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.broker.BrokerAddress;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.keys.DevPki;
import eu.bus.rest.BusApiClient;
import eu.bus.rest.RunFile;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a submitting node right after it returned ids: the sender runs as {@code bus run --broker}
 * in its own JVM and takes submissions over its REST API from four clients; the moment the last id is
 * answered, the process is killed, then started again on the same work directory. Every id it answered
 * must reach the recipient (in this JVM) and come back receipted. This holds whether an answered id is
 * already on the broker or still waits in the node's durable outbox (sent once the node is back).
 */
class SenderCrashTest {

    static final String SENDER = "NL-NMT";
    static final String RECIPIENT = "BE-NMT";

    @TempDir
    Path dir;
    BusProcesses processes;
    BusNetwork recipient;

    @AfterEach
    void stop() throws Exception {
        if (recipient != null) {
            recipient.camel().getShutdownStrategy().setTimeout(5); // nothing left to finish: the ledger has counted
            recipient.close();
        }
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void shouldDeliverEveryIdItAnsweredWhenTheSubmittingNodeIsKilledRightAfterwards() throws Exception {
        int count = ScenarioSize.messages(200, 5_000);
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), List.of(SENDER, RECIPIENT));
        processes = new BusProcesses(dir, "sender-kill");
        processes.broker(0);
        BrokerAddress broker = processes.brokerAddress();
        Process sender = processes.run(broker, List.of(SENDER));
        BusApiClient api = BusApiClient.forNode(layout.pki(), SENDER, RunFile.read(dir).orElseThrow().apiUri());
        recipient = BusNetwork.startExternal(layout, List.of(RECIPIENT), broker, Clock.systemUTC(), audit -> { });

        Ledger ledger = new Ledger("sender-kill", new NumberedMessages(SENDER, RECIPIENT));
        new Submitter(ledger, overRest(api, new java.util.concurrent.atomic.AtomicInteger()), 4).submit(count, accepted -> {
            if (accepted == count) {
                try {
                    processes.kill(sender); // at once, from the thread that got the last answer
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }, 10);
        processes.run(broker, List.of(SENDER));

        assertEveryoneReceipted(ledger.awaitSettled(layout, Duration.ofMinutes(3)), count);
    }

    /**
     * The durable outbox under kill -9: with the broker down, every submission is answered QUEUED (the message only
     * in the sender's outbox on disk); the sender is killed, the broker comes back, the sender is started again, and
     * every id it answered must be delivered and receipted.
     */
    @Test
    void shouldDeliverEveryIdItAnsweredQueuedWhenTheBrokerWasDownAndTheSenderIsKilled() throws Exception {
        int count = ScenarioSize.messages(100, 2_000);
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), List.of(SENDER, RECIPIENT));
        processes = new BusProcesses(dir, "sender-kill-queued");
        Process broker = processes.broker(0);
        BrokerAddress address = processes.brokerAddress();
        Process sender = processes.run(address, List.of(SENDER));
        BusApiClient api = BusApiClient.forNode(layout.pki(), SENDER, RunFile.read(dir).orElseThrow().apiUri());
        recipient = BusNetwork.startExternal(layout, List.of(RECIPIENT), address, Clock.systemUTC(), audit -> { });
        processes.kill(broker);

        Ledger ledger = new Ledger("sender-kill-queued", new NumberedMessages(SENDER, RECIPIENT));
        java.util.concurrent.atomic.AtomicInteger queued = new java.util.concurrent.atomic.AtomicInteger();
        new Submitter(ledger, overRest(api, queued), 4).submit(count, accepted -> { }, 10);
        assertEquals(count, queued.get(), "with the broker down every answer is QUEUED");
        processes.kill(sender); // the answered messages exist only in the sender's outbox now
        processes.broker(address.port());
        processes.run(address, List.of(SENDER));

        assertEveryoneReceipted(ledger.awaitSettled(layout, Duration.ofMinutes(3)), count);
    }

    /** Submits over the sender's REST API; anything but 202 is a refusal; counts the answers that said QUEUED. */
    private static Submitter.Way overRest(BusApiClient api, java.util.concurrent.atomic.AtomicInteger queued) {
        return document -> {
            BusApiClient.Response answer = api.submit(document);
            if (answer.status() != 202) {
                throw new IllegalStateException("HTTP " + answer.status() + ": " + answer.body());
            }
            if ("QUEUED".equals(answer.json().path("status").asText())) {
                queued.incrementAndGet();
            }
            return answer.json().path("messageId").asText();
        };
    }

    private static void assertEveryoneReceipted(Ledger.Count end, int count) {
        assertEquals(count, end.accepted());
        assertTrue(end.balanced(), end.line());
        assertEquals(count, end.delivered(), end.line());
        assertEquals(count, end.atSender().getOrDefault("RECEIPTED", 0), end.line());
    }
}
