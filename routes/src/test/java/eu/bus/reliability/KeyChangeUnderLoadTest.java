package eu.bus.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.keys.DevPki;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key rotation and revocation under load: while four clients submit a numbered stream, keys are changed as
 * {@code bus keys} does it on a running bus (real key stores, registry and CRL, followed by the nodes within
 * seconds). A submission refused meanwhile (the node's or the recipient's certificate revoked) is an answer
 * with its reason, submitted again; a copy in flight under a certificate just retired is dead-lettered by the
 * recipient with its reason, and the sender learns it (a negative receipt) and resubmits it with its current keys.
 * In the end every number is delivered and receipted and nothing is lost.
 */
class KeyChangeUnderLoadTest {

    static final String SENDER = "NL-NMT";
    static final String RECIPIENT = "BE-NMT";

    @TempDir
    Path dir;
    BusNetwork bus;

    @AfterEach
    void stop() throws Exception {
        if (bus != null) {
            bus.close();
        }
    }

    @Test
    void shouldLoseNothingWhenTheSendersKeysAreRotatedWhileMessagesFlow() throws Exception {
        run("key-rotation", (pki, pkiDir) -> new Runnable[] {
            () -> pki.rotate(pkiDir, SENDER),
            () -> pki.rotate(pkiDir, SENDER)});
    }

    @Test
    void shouldLoseNothingWhenKeysAreRevokedAndRotatedWhileMessagesFlow() throws Exception {
        run("key-revocation", (pki, pkiDir) -> new Runnable[] {
            () -> pki.rotate(pkiDir, SENDER),
            () -> revokeThenRotate(pki, pkiDir, RECIPIENT),
            () -> revokeThenRotate(pki, pkiDir, SENDER)});
    }

    /** The key changes of a scenario, run one after the other as the stream goes on. */
    @FunctionalInterface
    interface KeyChanges {
        Runnable[] of(DevPki pki, Path pkiDir);
    }

    /**
     * Submits the stream from four clients, runs change i once (i + 1) / (n + 1) of it is accepted, beside the
     * submitters, then counts: every number delivered and receipted, nothing lost.
     */
    private void run(String scenario, KeyChanges keyChanges) throws Exception {
        int count = ScenarioSize.messages(300, 5_000);
        BusLayout layout = new BusLayout(dir);
        DevPki.init(layout.pki(), List.of(SENDER, RECIPIENT));
        Runnable[] changes = keyChanges.of(new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY), layout.pki());
        bus = BusNetwork.start(layout, List.of(SENDER, RECIPIENT), Clock.systemUTC(), audit -> { });
        Ledger ledger = new Ledger(scenario, new NumberedMessages(SENDER, RECIPIENT));

        ExecutorService keys = Executors.newSingleThreadExecutor();
        new Submitter(ledger, bus.node(SENDER)::submit, 4).submit(count, accepted -> {
            for (int i = 0; i < changes.length; i++) {
                if (accepted == (i + 1) * count / (changes.length + 1)) {
                    keys.execute(changes[i]);
                }
            }
        }, 10);
        keys.shutdown();
        assertTrue(keys.awaitTermination(1, TimeUnit.MINUTES));

        // A copy refused because it was signed with keys the sender has replaced since is resubmitted by the sender
        // itself with its current keys (audited RESUBMITTED); nobody steps in here.
        Ledger.Count end = ledger.awaitSettled(layout, Duration.ofMinutes(2));
        long resubmitted = Ledger.records(layout.audit(SENDER)).stream()
                .filter(r -> r.event() == eu.bus.audit.AuditEvent.RESUBMITTED).count();
        System.out.println(scenario + ": " + resubmitted + " resubmitted by the sender after a refusal; " + end.line());
        // The sender's story of each number not settled goes into the message: a CI log shows only the assertion.
        java.util.function.Supplier<String> why = () -> end.line() + "\n" + ledger.senderStories(layout);
        assertEquals(count, end.accepted());
        assertTrue(end.balanced(), why);
        assertEquals(count, end.delivered(), why);
        assertEquals(count, end.atSender().getOrDefault("RECEIPTED", 0), why);
    }

    private static void revokeThenRotate(DevPki pki, Path pkiDir, String node) {
        pki.revoke(pkiDir, node);
        try {
            Thread.sleep(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pki.rotate(pkiDir, node);
    }
}
