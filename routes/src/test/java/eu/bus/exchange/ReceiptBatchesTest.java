package eu.bus.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.audit.AuditRecord;
import eu.bus.message.Classification;
import eu.bus.message.HandlingCode;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import eu.bus.message.MessageType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How owed receipts are gathered into signed receipts, and what one receipt says it covers. */
class ReceiptBatchesTest {

    private static final Instant AT = Instant.parse("2026-12-02T10:00:00Z");

    /** The batches sent, as the message ids each covered. */
    private final List<List<UUID>> sent = new CopyOnWriteArrayList<>();

    private List<CompletableFuture<AuditRecord>> record(List<Incoming> batch) {
        sent.add(batch.stream().map(m -> m.header().messageId()).toList());
        return batch.stream().map(m -> CompletableFuture.<AuditRecord>completedFuture(null)).toList();
    }

    @Test
    void shouldSendAtOnceWhenNothingElseIsOwed() {
        ReceiptBatches batches = new ReceiptBatches(this::record);
        Incoming m = message("NL-ENU", null);
        assertTrue(batches.owe(m).isDone(), "a quiet node's receipt is sent before owe returns");
        assertEquals(List.of(List.of(m.header().messageId())), sent);
    }

    @Test
    void shouldCoverInOneReceiptWhatWasDeliveredWhileTheLastWasBeingSent() throws Exception {
        try (FirstSendHeld held = new FirstSendHeld(this::record)) {
            ReceiptBatches batches = held.batchesWithFirstOwed();
            List<Incoming> meanwhile = List.of(message("NL-ENU", null), message("NL-ENU", null), message("BE-ENU", null),
                    message("NL-ENU", "NL-2026-0001"));
            List<CompletableFuture<AuditRecord>> owed = new ArrayList<>();
            for (Incoming m : meanwhile) {
                owed.add(batches.owe(m));
            }
            assertTrue(owed.stream().noneMatch(CompletableFuture::isDone), "nothing is acknowledged before its receipt is sent");
            held.release();
            CompletableFuture.allOf(owed.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            // One per sender and case: NL-ENU's two without a case together, BE-ENU's, NL-ENU's in the case.
            assertEquals(4, sent.size(), sent.toString());
            assertEquals(List.of(meanwhile.get(0).header().messageId(), meanwhile.get(1).header().messageId()), sent.get(1));
            assertEquals(List.of(meanwhile.get(2).header().messageId()), sent.get(2));
            assertEquals(List.of(meanwhile.get(3).header().messageId()), sent.get(3));
        }
    }

    @Test
    void shouldNameAMessageOnceInEachReceiptWhenTwoCopiesOfItAreOwedTogether() {
        ReceiptBatches batches = new ReceiptBatches(this::record);
        Incoming first = message("NL-ENU", null);
        Incoming other = message("NL-ENU", null);
        Incoming resent = new Incoming(first.header(), null, null, "a new copy".getBytes(StandardCharsets.UTF_8), null, null, true);

        batches.oweAll(List.of(first, other, resent));

        UUID id = first.header().messageId();
        assertEquals(List.of(List.of(id, other.header().messageId()), List.of(id)), sent,
                "a receipt that named a message twice would be refused whole by its sender");
    }

    @Test
    void shouldFailEveryDeliveryTheReceiptCoveredWhenItCannotBeSent() throws Exception {
        try (FirstSendHeld held = new FirstSendHeld(batch -> {
            throw new NodeUnavailableException("the broker is away", new IllegalStateException("closed"));
        })) {
            ReceiptBatches batches = held.batchesWithFirstOwed();
            CompletableFuture<AuditRecord> a = batches.owe(message("NL-ENU", null));
            CompletableFuture<AuditRecord> b = batches.owe(message("NL-ENU", null));
            held.release();
            for (CompletableFuture<AuditRecord> f : List.of(a, b)) {
                ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
                assertInstanceOf(NodeUnavailableException.class, e.getCause(), "the route rolls back and the message comes again");
            }
            assertFalse(held.firstOwed().isCompletedExceptionally(), "the receipt sent before the failure stands");
            assertTrue(batches.owe(message("NL-ENU", null)).isDone(), "nothing is left waiting behind a failed send");
        }
    }

    @Test
    void shouldCoverAtMostAHundredMessagesPerReceipt() throws Exception {
        try (FirstSendHeld held = new FirstSendHeld(this::record)) {
            ReceiptBatches batches = held.batchesWithFirstOwed();
            List<CompletableFuture<AuditRecord>> owed = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                owed.add(batches.owe(message("NL-ENU", null)));
            }
            held.release();
            CompletableFuture.allOf(owed.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertEquals(List.of(1, 100, 50), sent.stream().map(List::size).toList());
        }
    }

    /**
     * Receipts whose first send is held (on a consumer thread of its own) until {@link #release}, so that what is
     * owed meanwhile piles up for the next round; later rounds go to {@code later}.
     */
    private final class FirstSendHeld implements AutoCloseable {
        private final CountDownLatch sending = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final ExecutorService consumer = Executors.newSingleThreadExecutor();
        private final ReceiptBatches batches;
        FirstSendHeld(ReceiptBatches.Sending later) {
            batches = new ReceiptBatches(batch -> {
                if (sending.getCount() > 0) {
                    sending.countDown();
                    await(release);
                    return record(batch);
                }
                return later.apply(batch);
            });
        }

        /** The batches, with one receipt owed and being sent (held). */
        ReceiptBatches batchesWithFirstOwed() throws Exception {
            Future<CompletableFuture<AuditRecord>> first = consumer.submit(() -> batches.owe(message("NL-ENU", null)));
            await(sending);
            this.firstOwedCall = first;
            return batches;
        }

        private Future<CompletableFuture<AuditRecord>> firstOwedCall;

        void release() {
            release.countDown();
        }

        CompletableFuture<AuditRecord> firstOwed() throws Exception {
            return firstOwedCall.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            release.countDown();
            consumer.shutdownNow();
        }
    }

    @Test
    void shouldNameEveryCoveredMessageWithTheDigestOfItsBytesWhenAReceiptCoversSeveral() throws Exception {
        Incoming a = message("NL-ENU", null);
        Incoming b = message("NL-ENU", null);
        DeliveryReceipts.Receipt receipt = DeliveryReceipts.covering("BE-ENU", List.of(a, b), AT);
        JsonNode payload = Json.mapper().readTree(receipt.payload());
        Map<UUID, String> covered = DeliveryReceipts.covered(receipt.header(), payload);
        assertEquals(List.of(a.header().messageId(), b.header().messageId()), List.copyOf(covered.keySet()));
        assertEquals(eu.bus.audit.Sha256.hex(b.protectedBytes()), covered.get(b.header().messageId()));
        assertEquals("1.1", receipt.header().schemaVersion());
        // The same messages give the same id (a receipt sent again is dropped by the broker); another set, another.
        assertEquals(receipt.header().messageId(), DeliveryReceipts.covering("BE-ENU", List.of(a, b), AT).header().messageId());
        assertFalse(receipt.header().messageId().equals(DeliveryReceipts.covering("BE-ENU", List.of(a), AT).header().messageId()));
        assertEquals("1.0", DeliveryReceipts.covering("BE-ENU", List.of(a), AT).header().schemaVersion(),
                "a receipt of one message stays readable by nodes that know only 1.0");
    }

    @Test
    void shouldRefuseToCoverMessagesOfTwoSendersInOneReceipt() {
        assertThrows(IllegalArgumentException.class,
                () -> DeliveryReceipts.covering("EUROPOL", List.of(message("NL-ENU", null), message("BE-ENU", null)), AT));
    }

    private static Incoming message(String sender, String caseId) {
        UUID id = UUID.randomUUID();
        MessageHeader header = new MessageHeader(id, MessageType.INTELLIGENCE_REPORT, "1.0", sender, List.of("EUROPOL"),
                caseId, null, null, AT, null, HandlingCode.H0, Classification.BASIC, null, null);
        return new Incoming(header, null, null, ("envelope " + id).getBytes(StandardCharsets.UTF_8), null, null, false);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
