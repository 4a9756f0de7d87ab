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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a receiving node between receive and acknowledgement. The receiver runs in its own JVM
 * ({@link CrashingNode}) and halts right after a route step for its Nth message, with its four consumers
 * busy: after {@code deliver} (the case system has the message; not marked processed, not acknowledged)
 * or after {@code mark-processed} (all done but the broker's acknowledgement). It is then started again
 * as {@code bus run --broker}; every accepted message must reach the case system and the sender must hold a
 * receipt for each.
 * <p>
 * The consumers take what is waiting in batches (one transaction, one wait for the audit log, one receipt per
 * sender, then the commit), so the halt falls in the middle of a batch: after the local writes of the messages
 * before it, before their receipts and their acknowledgement. None of the batch was marked processed, so every
 * message comes again and is recognised by the case system (a duplicate removed), never delivered twice. The third
 * crash point, {@code receipt-sent}, halts after a batch's receipt is on the broker and before the commit.
 */
class ReceiverCrashTest {

    static final String SENDER = "NL-NMT";
    static final String RECIPIENT = "BE-NMT";
    static final int CONSUMERS = BrokerCrashTest.CONSUMERS;

    @TempDir
    Path dir;
    BusProcesses processes;
    BusNetwork sender;

    @AfterEach
    void stop() throws Exception {
        if (sender != null) {
            sender.camel().getShutdownStrategy().setTimeout(5); // nothing left to finish: the ledger has counted
            sender.close();
        }
        if (processes != null) {
            processes.close();
        }
    }

    @ParameterizedTest(name = "halted after step {0}")
    @ValueSource(strings = {"deliver", "mark-processed", CrashingNode.RECEIPT_SENT})
    void shouldDeliverEveryAcceptedMessageWhenTheReceiverDiesBeforeItsAcknowledgement(String step) throws Exception {
        Ledger.Count end = crashAndRestart(step);
        // A message the case system had when the node died is delivered again after the restart: at most one
        // per consumer in flight. Not yet exactly once (see the disabled test below).
        assertTrue(end.deliveredTwice() <= CONSUMERS, end.line() + "\n" + end.unusualStories());
        if (step.equals(CrashingNode.RECEIPT_SENT)) {
            // The batch's receipts reached the sender, then the node died before its commit: the batch comes again,
            // is recognised, and receipted again; the sender counts each message once.
            assertEquals(0, end.deliveredTwice(), "the case system got a message twice: " + end.line());
            assertTrue(end.duplicatesRemoved() >= 1, "no redelivered copy was recognised: " + end.line());
        }
        if (step.equals("mark-processed")) {
            // The message the node had marked processed comes again (never acknowledged): replay protection refuses it.
            assertTrue(end.duplicatesRemoved() >= 1, "no redelivered copy was recognised: " + end.line());
        }
    }

    @Test
    void shouldHandTheCaseSystemEachMessageExactlyOnceWhenTheReceiverDiesRightAfterDelivering() throws Exception {
        Ledger.Count end = crashAndRestart("deliver");
        assertEquals(0, end.deliveredTwice(), "the case system got a message twice: " + end.line() + "\n" + end.unusualStories());
    }

    private Ledger.Count crashAndRestart(String step) throws Exception {
        int count = ScenarioSize.messages(150, 5_000);
        int haltAt = count / 3;
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), List.of(SENDER, RECIPIENT));
        String scenario = "receiver-kill-" + step;
        processes = new BusProcesses(dir, scenario);
        processes.broker(0);
        BrokerAddress broker = processes.brokerAddress();
        Process receiver = processes.crashingNode(broker, RECIPIENT, step, haltAt);
        sender = BusNetwork.startExternal(layout, List.of(SENDER), broker, Clock.systemUTC(), audit -> { });

        Ledger ledger = new Ledger(scenario, new NumberedMessages(SENDER, RECIPIENT));
        new Submitter(ledger, sender.node(SENDER)::submit, 4).submit(count, accepted -> { }, 10);
        assertTrue(receiver.waitFor(3, TimeUnit.MINUTES), "the receiver did not reach its crash point");
        assertEquals(CrashingNode.HALTED, receiver.exitValue(), "the receiver ended otherwise than at its crash point");
        processes.run(broker, List.of(RECIPIENT));

        Ledger.Count end = ledger.awaitSettled(layout, Duration.ofMinutes(3));
        assertEquals(count, end.accepted());
        assertTrue(end.balanced(), end.line());
        assertEquals(count, end.delivered(), end.line());
        assertEquals(count, end.atSender().getOrDefault("RECEIPTED", 0), end.line());
        return end;
    }
}
