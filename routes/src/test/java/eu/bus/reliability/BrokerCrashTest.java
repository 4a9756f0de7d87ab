package eu.bus.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.broker.BrokerAddress;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.keys.DevPki;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the broker process in the middle of a stream: the broker runs as {@code bus broker} in its
 * own JVM, the sending and the receiving node in this one (against it, as {@code bus run --broker} runs
 * them). When 40% of the messages are accepted the broker is killed, then started again on the same
 * journal and port; the submitters keep going (a refused number is submitted again), the nodes
 * reconnect, and every accepted message must arrive once.
 */
class BrokerCrashTest {

    static final String SENDER = "NL-NMT";
    static final String RECIPIENT = "BE-NMT";
    /** Consumers of the recipient's inbox (BusNetwork.CONCURRENT_CONSUMERS): the messages it can have in flight. */
    static final int CONSUMERS = 4;

    @TempDir
    Path dir;
    BusProcesses processes;
    BusNetwork nodes;

    @AfterEach
    void stop() throws Exception {
        if (nodes != null) {
            nodes.camel().getShutdownStrategy().setTimeout(5); // nothing left to finish: the ledger has counted
            nodes.close();
        }
        processes.close();
    }

    @Test
    void shouldDeliverEveryAcceptedMessageWhenTheBrokerIsKilledMidStreamAndRestartedOnItsJournal() throws Exception {
        int count = ScenarioSize.messages(2_000, 50_000);
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), List.of(SENDER, RECIPIENT));
        processes = new BusProcesses(dir, "broker-kill");
        Process broker = processes.broker(0);
        BrokerAddress address = processes.brokerAddress();
        nodes = BusNetwork.startExternal(layout, List.of(SENDER, RECIPIENT), address, Clock.systemUTC(), audit -> { });

        long started = System.nanoTime();
        Ledger ledger = new Ledger("broker-kill", new NumberedMessages(SENDER, RECIPIENT));
        AtomicBoolean killed = new AtomicBoolean();
        CompletableFuture<Void> restarted = new CompletableFuture<>();
        Submitter submitter = new Submitter(ledger, nodes.node(SENDER)::submit, 8);
        submitter.submit(count, accepted -> {
            if (accepted == count * 2 / 5 && killed.compareAndSet(false, true)) {
                // Off the submitting thread: the others keep submitting into the outage.
                CompletableFuture.runAsync(() -> {
                    try {
                        processes.kill(broker);
                        System.out.println("broker killed at " + accepted + " accepted");
                        Thread.sleep(2_000);
                        processes.broker(address.port());
                        System.out.println("broker restarted on the same journal");
                        restarted.complete(null);
                    } catch (Exception e) {
                        restarted.completeExceptionally(e);
                    }
                });
            }
        }, 20);
        restarted.get();
        System.out.println("all " + count + " accepted after " + (System.nanoTime() - started) / 1_000_000_000 + " s");

        Ledger.Count end = ledger.awaitSettled(layout, Duration.ofMinutes(ScenarioSize.soak() ? 30 : 4));
        assertEquals(count, end.accepted());
        assertTrue(end.balanced(), end.line());
        assertEquals(count, end.delivered(), end.line());
        System.out.println("settled after " + (System.nanoTime() - started) / 1_000_000_000 + " s");
        // Only a message in flight at the receiver when the broker died may reach the case system again (its
        // acknowledgement was lost): at most one per consumer. See ReceiverCrashTest for why that is not yet 0.
        assertTrue(end.deliveredTwice() <= CONSUMERS, end.line() + "\n" + end.unusualStories());
    }
}
