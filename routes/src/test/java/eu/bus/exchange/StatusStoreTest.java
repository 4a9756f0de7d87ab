package eu.bus.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;

import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.DevPki;
import eu.bus.keys.NodeTrust;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusStoreTest {

    @TempDir
    Path state;

    @Test
    void shouldStartAndKeepTheOtherStatusesWhenTheLastLineIsTorn() throws Exception {
        UUID sent = UUID.randomUUID();
        UUID receipted = UUID.randomUUID();
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            store.record(sent, MessageStatus.SUBMITTED, null);
            store.record(sent, MessageStatus.SENT, "bus.NL-ENU.inbox");
            store.record(receipted, MessageStatus.RECEIPTED, "signed receipt");
        }
        append("{\"messageId\":\"" + UUID.randomUUID() + "\",\"status\":\"SE"); // a crash in the middle of a write

        UUID later = UUID.randomUUID();
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            assertEquals(MessageStatus.SENT, store.current(sent).orElseThrow());
            assertEquals(MessageStatus.RECEIPTED, store.current(receipted).orElseThrow());
            store.record(later, MessageStatus.SUBMITTED, null);
        }
        // The torn tail was cut, so the change recorded after the restart is a line of its own.
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            assertEquals(MessageStatus.SUBMITTED, store.current(later).orElseThrow());
            assertEquals(2, store.history(sent).size());
        }
    }

    @Test
    void shouldSkipAGarbageLineWhenOtherLinesFollowIt() throws Exception {
        UUID before = UUID.randomUUID();
        UUID after = UUID.randomUUID();
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            store.record(before, MessageStatus.SENT, null);
        }
        append("\u0000\u0000garbage\n{\"messageId\":\"not-a-uuid\",\"status\":\"SENT\",\"at\":\"x\"}\n");
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            store.record(after, MessageStatus.SENT, null);
        }
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            assertEquals(MessageStatus.SENT, store.current(before).orElseThrow());
            assertEquals(MessageStatus.SENT, store.current(after).orElseThrow());
        }
        assertEquals(2, StatusStore.read(state).size()); // bus status reads it the same way
    }

    @Test
    void shouldAnswerTheCurrentStatusWhenReceiptsForOneMessageAreRecordedConcurrently() throws Exception {
        UUID id = UUID.randomUUID();
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.ConcurrentLinkedQueue<Throwable> failures = new java.util.concurrent.ConcurrentLinkedQueue<>();
            try {
                List<java.util.concurrent.Future<?>> writers = new java.util.ArrayList<>();
                for (int w = 0; w < 2; w++) {
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < 2_000; i++) {
                            store.record(id, MessageStatus.DELIVERED, "recipient " + i);
                        }
                    }));
                }
                List<java.util.concurrent.Future<?>> readers = new java.util.ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        while (writing.get()) {
                            try {
                                store.current(id);
                            } catch (RuntimeException e) {
                                failures.add(e);
                                return;
                            }
                        }
                    }));
                }
                for (java.util.concurrent.Future<?> writer : writers) {
                    writer.get();
                }
                writing.set(false);
                for (java.util.concurrent.Future<?> reader : readers) {
                    reader.get();
                }
            } finally {
                writing.set(false);
                pool.shutdownNow();
            }
            assertEquals(List.of(), List.copyOf(failures), "reading the status while receipts are recorded must not fail");
            assertEquals(MessageStatus.DELIVERED, store.current(id).orElseThrow());
            assertEquals(4_000, store.history(id).size());
        }
    }

    @Test
    void shouldBeReceiptedOnlyWhenEveryRecipientsReceiptArrived() {
        UUID id = UUID.randomUUID();
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            store.record(id, MessageStatus.SUBMITTED, null);
            store.recordSent(id, List.of(new StatusStore.Sent("BE-ENU", "aa", "bus.BE-ENU.inbox"),
                    new StatusStore.Sent("EUROPOL", "aa", "bus.EUROPOL.inbox")));
            store.recordFor(id, "BE-ENU", MessageStatus.RECEIPTED, "receipt");
            assertEquals(MessageStatus.SENT, store.current(id).orElseThrow(), "one of two receipts is not RECEIPTED");
            store.recordFor(id, "EUROPOL", MessageStatus.RECEIPTED, "receipt");
            assertEquals(MessageStatus.RECEIPTED, store.current(id).orElseThrow());
            assertEquals(java.util.Map.of("BE-ENU", MessageStatus.RECEIPTED, "EUROPOL", MessageStatus.RECEIPTED),
                    StatusStore.recipientsOf(store.history(id)));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldStayRejectedWhenOneRecipientRefusedWhileAnotherReceipted() throws Exception {
        UUID id = UUID.randomUUID();
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            store.recordSent(id, List.of(new StatusStore.Sent("BE-ENU", "aa", "bus.BE-ENU.inbox"),
                    new StatusStore.Sent("EUROPOL", "aa", "bus.EUROPOL.inbox")));
            store.recordFor(id, "BE-ENU", MessageStatus.REJECTED, "refused");
            store.recordFor(id, "EUROPOL", MessageStatus.RECEIPTED, "receipt");
            store.recordFor(id, "EUROPOL", MessageStatus.DEAD_LETTERED, "a late refusal of an older copy does not undo a receipt");
            assertEquals(MessageStatus.REJECTED, store.current(id).orElseThrow());
            assertEquals(MessageStatus.RECEIPTED, StatusStore.recipientsOf(store.history(id)).get("EUROPOL"));
            assertEquals(java.util.Set.of("aa"), store.digestsSentTo(id, "EUROPOL"));
        }
        // Read back from the file the same way.
        assertEquals(MessageStatus.REJECTED, StatusStore.currentOf(StatusStore.read(state).get(id)).orElseThrow());
    }

    /** A refusal of one copy (signed with keys replaced since, say) and a signed receipt of another: the recipient has it. */
    @Test
    void shouldBeReceiptedWhenARecipientThatRefusedACopyReceiptsAnother() throws Exception {
        UUID id = UUID.randomUUID();
        try (StatusStore store = StatusStore.open(state, Clock.systemUTC())) {
            store.recordSent(id, List.of(new StatusStore.Sent("BE-ENU", "aa", "bus.BE-ENU.inbox")));
            store.recordFor(id, "BE-ENU", MessageStatus.DEAD_LETTERED, "refused: signed with a superseded key");
            store.recordSent(id, List.of(new StatusStore.Sent("BE-ENU", "bb", "bus.BE-ENU.inbox")));
            assertEquals(MessageStatus.DEAD_LETTERED, store.current(id).orElseThrow(), "a late SENT does not undo a refusal");
            store.recordReceipted(id, "BE-ENU", UUID.randomUUID());
            assertEquals(MessageStatus.RECEIPTED, store.current(id).orElseThrow());
        }
        assertEquals(MessageStatus.RECEIPTED, StatusStore.currentOf(StatusStore.read(state).get(id)).orElseThrow());
    }

    private void append(String text) throws Exception {
        Files.write(state.resolve("status.jsonl"), text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
    }

    @Test
    void shouldStartTheNodeWithItsOtherStatusesWhenItsStatusFileHasAGarbageLine() throws Exception {
        BusLayout layout = new BusLayout(state.resolve("bus"));
        DevPki.init(layout.pki(), List.of("NL-NMT"));
        UUID sent = UUID.randomUUID();
        try (NodeServices node = open(layout)) {
            node.status().record(sent, MessageStatus.SENT, null);
        }
        Files.write(layout.state("NL-NMT").resolve("status.jsonl"), "{\"messageId\": tor".getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.APPEND);
        try (NodeServices node = open(layout)) {
            assertEquals(MessageStatus.SENT, node.status().current(sent).orElseThrow());
        }
    }

    private static NodeServices open(BusLayout layout) throws Exception {
        NodeTrust trust = NodeTrust.load(layout.pki());
        return NodeServices.open(layout, "NL-NMT", trust, CertificateDirectory.of(trust.registry()), Clock.systemUTC());
    }
}
