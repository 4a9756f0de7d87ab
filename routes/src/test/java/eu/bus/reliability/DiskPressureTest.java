package eu.bus.reliability;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.broker.BrokerAddress;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.keys.DevPki;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk pressure: the broker ({@code bus broker} in its own JVM) reaches its disk limit while nodes send.
 * Filling a real disk is out of the question on a shared machine, and there is no small file system to
 * fill, so the limit is moved instead: the broker starts with {@code --min-disk-free} set 1 GiB below
 * the free space its journal's file system has now, and the test then takes 2 GiB of it with one
 * {@code fallocate} (allocated at once, nothing written) and gives it back by deleting the file. That is
 * the broker's own disk check (Artemis' FileStoreMonitor) seeing real free space fall and return, the
 * same path as a disk that fills up; only the threshold is placed near where the disk is today.
 */
class DiskPressureTest {

    static final String SENDER = "NL-NMT";
    static final String RECIPIENT = "BE-NMT";
    static final long GIB = 1L << 30;
    /** How long the disk stays full while senders try. */
    static final Duration HELD = Duration.ofSeconds(16);
    /** The longest a submission may wait for its answer while the broker cannot store (docs/API.md: QUEUED within 5 s). */
    static final Duration ANSWER = Duration.ofSeconds(8);

    @TempDir
    Path dir;
    BusProcesses processes;
    BusNetwork nodes;
    Path filler;

    @AfterEach
    void stop() throws Exception {
        if (filler != null) {
            Files.deleteIfExists(filler);
        }
        if (nodes != null) {
            nodes.camel().getShutdownStrategy().setTimeout(5);
            nodes.close();
        }
        if (processes != null) {
            processes.close();
        }
    }

    @Test
    void shouldHoldSendersWhileTheBrokerDiskIsFullAndDeliverEverythingAcceptedOnceSpaceReturns() throws Exception {
        int before = 100;
        int during = 200;
        int after = 100;
        BusLayout layout = new BusLayout(dir);
        Process broker = startNearTheDiskLimit("disk-pressure");
        Ledger ledger = new Ledger("disk-pressure", new NumberedMessages(SENDER, RECIPIENT));
        Submitter submitter = new Submitter(ledger, nodes.node(SENDER)::submit, 4);
        submitter.submit(1, before, n -> { }, 2);

        fillTheDisk("disk-pressure");
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                submitter.submit(before + 1, before + during, n -> { }, 5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        // The broker stops granting the producers credit (what they hold already, a window per session, still goes in);
        // the node answers every submission all the same, keeping what the broker cannot take in its durable outbox.
        Thread.sleep(HELD.toMillis() / 2);
        int acceptedHalfway = ledger.acceptedCount() - before;
        Thread.sleep(HELD.toMillis() / 2);
        int acceptedWhileFull = ledger.acceptedCount() - before;
        long waitingInTheOutbox = unsent(nodes.node(SENDER));
        System.out.println("while the broker's disk was full: " + acceptedWhileFull + " of " + during + " submissions answered OK in "
                + HELD.toSeconds() + " s (" + acceptedHalfway + " in the first half), " + ledger.count(layout).refused()
                + " refused; " + waitingInTheOutbox + " waiting in the sender's outbox");
        assertEquals(during, acceptedWhileFull, "every submission is answered while the broker's disk is full");
        assertTrue(waitingInTheOutbox > 0, "the broker held the sender: what it could not store waits in the outbox");

        Files.delete(filler);
        filler = null;
        blocked.get(3, TimeUnit.MINUTES);
        submitter.submit(before + during + 1, before + during + after, n -> { }, 2);

        Ledger.Count end = ledger.awaitSettled(layout, Duration.ofMinutes(2));
        assertTrue(broker.isAlive(), "the broker survived the full disk");
        assertEquals(before + during + after, end.accepted());
        assertTrue(end.balanced(), end.line());
        assertEquals(before + during + after, end.delivered(), end.line());
        assertEquals(0, unsent(nodes.node(SENDER)), "the outbox sent everything once space returned");
    }

    /** How many of a node's accepted messages the broker has not taken yet. */
    static long unsent(eu.bus.exchange.NodeGateway node) {
        var status = node.services().status();
        return node.services().outbox().all().stream()
                .filter(e -> status.current(e.messageId()).map(eu.bus.exchange.MessageStatus::isUnsent).orElse(true)).count();
    }

    /** Fixed by the durable outbox: the answer comes within 5 s (QUEUED) however long the disk stays full. */
    @Test
    void shouldAnswerEverySubmissionWithinTheDocumentedTimeWhileTheBrokerDiskIsFull() throws Exception {
        BusLayout layout = new BusLayout(dir);
        startNearTheDiskLimit("disk-full-answer");
        Ledger ledger = new Ledger("disk-full-answer", new NumberedMessages(SENDER, RECIPIENT));
        fillTheDisk("disk-full-answer");
        long until = System.nanoTime() + HELD.toNanos();
        for (int seq = 1; System.nanoTime() < until; seq++) {
            byte[] message = ledger.messages().message(seq, 0);
            UUID id = ledger.messages().id(seq, 0);
            CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> nodes.node(SENDER).submit(message));
            try {
                ledger.accepted(seq, UUID.fromString(answer.get(ANSWER.toSeconds(), TimeUnit.SECONDS)));
            } catch (java.util.concurrent.ExecutionException refused) {
                ledger.refused(seq, id, refused.getCause().getMessage()); // an answer all the same
            } catch (java.util.concurrent.TimeoutException noAnswer) {
                throw new AssertionError("submission " + seq + " got no answer within " + ANSWER.toSeconds() + " s while the"
                        + " broker's disk was full (" + ledger.acceptedCount() + " answered OK before it)");
            }
        }
        Files.delete(filler);
        filler = null;
        Ledger.Count end = ledger.awaitSettled(layout, Duration.ofMinutes(2));
        assertTrue(end.balanced(), end.line());
    }

    /**
     * Starts {@code bus broker} with {@code --min-disk-free} 1 GiB below the free space of the file system now, and
     * the two nodes in this JVM against it; returns the broker's process.
     */
    private Process startNearTheDiskLimit(String scenario) throws Exception {
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), List.of(SENDER, RECIPIENT));
        long free = Files.getFileStore(dir).getUsableSpace();
        processes = new BusProcesses(dir, scenario);
        Process broker = processes.broker(0, "--min-disk-free", Long.toString(free - GIB));
        BrokerAddress address = processes.brokerAddress();
        nodes = BusNetwork.startExternal(layout, List.of(SENDER, RECIPIENT), address, Clock.systemUTC(), audit -> { });
        return broker;
    }

    /** Takes 2 GiB with fallocate and waits until the broker says it blocks producers. */
    private void fillTheDisk(String scenario) throws Exception {
        filler = dir.resolve("disk-filler");
        Process fallocate = new ProcessBuilder("fallocate", "-l", Long.toString(2 * GIB), filler.toString()).inheritIO().start();
        assertTrue(fallocate.waitFor(60, TimeUnit.SECONDS) && fallocate.exitValue() == 0, "fallocate could not take 2 GiB");
        // AMQ224128: "Free storage space is at ... below the configured <min-disk-free>. System will start blocking producers."
        Path brokerLog = Path.of("target", "reliability", scenario + "-0-broker.log");
        await().atMost(Duration.ofSeconds(30)).until(() -> BusProcesses.read(brokerLog).contains("AMQ224128"));
    }
}
