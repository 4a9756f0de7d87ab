package eu.bus.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessedIdsTest {

    @TempDir
    Path dir;

    @Test
    void shouldHoldASecondCopyWhenTheFirstIsStillInFlight() throws Exception {
        try (ProcessedIds ids = ProcessedIds.open(dir.resolve("processed-ids.txt"), 10, 1 << 20)) {
            assertEquals(ProcessedIds.Claim.CLAIMED, ids.claim("a"));
            assertEquals(ProcessedIds.Claim.IN_FLIGHT, ids.claim("a"));
            ids.add("a");
            assertEquals(ProcessedIds.Claim.PROCESSED, ids.claim("a"));
        }
    }

    @Test
    void shouldWaitForAnotherConsumersClaimAndSeeTheIdProcessedWhenItCommits() throws Exception {
        try (ProcessedIds ids = ProcessedIds.open(dir.resolve("processed-ids.txt"), 10, 1 << 20)) {
            CompletableFuture<ProcessedIds.Claim> second = secondClaimWhileAnotherThreadHoldsTheFirst(ids, "a");
            ids.add("a"); // the first consumer's batch is durable
            assertEquals(ProcessedIds.Claim.PROCESSED, second.get(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldWaitForAnotherConsumersClaimAndTakeTheIdWhenItRollsBack() throws Exception {
        try (ProcessedIds ids = ProcessedIds.open(dir.resolve("processed-ids.txt"), 10, 1 << 20)) {
            CompletableFuture<ProcessedIds.Claim> second = secondClaimWhileAnotherThreadHoldsTheFirst(ids, "a");
            ids.release("a");
            assertEquals(ProcessedIds.Claim.CLAIMED, second.get(5, TimeUnit.SECONDS));
        }
    }

    /** Claims {@code id} here, then again from another thread, which must still be waiting 200 ms later. */
    private static CompletableFuture<ProcessedIds.Claim> secondClaimWhileAnotherThreadHoldsTheFirst(ProcessedIds ids, String id)
            throws InterruptedException {
        assertEquals(ProcessedIds.Claim.CLAIMED, ids.claim(id));
        CompletableFuture<ProcessedIds.Claim> second = CompletableFuture.supplyAsync(() -> ids.claim(id));
        Thread.sleep(200);
        assertTrue(!second.isDone(), "the second copy waits while the first is in flight on another consumer");
        return second;
    }

    @Test
    void shouldLetARedeliveryInWhenTheFirstAttemptWasReleased() throws Exception {
        try (ProcessedIds ids = ProcessedIds.open(dir.resolve("processed-ids.txt"), 10, 1 << 20)) {
            assertEquals(ProcessedIds.Claim.CLAIMED, ids.claim("a"));
            ids.release("a");
            assertEquals(ProcessedIds.Claim.CLAIMED, ids.claim("a"));
        }
    }

    @Test
    void shouldRememberIdsWhenReopenedAndKeepTheFileBoundedWhenCompacted() throws Exception {
        Path file = dir.resolve("processed-ids.txt");
        try (ProcessedIds ids = ProcessedIds.open(file, 3, 40)) {
            for (String id : new String[] {"id-0001", "id-0002", "id-0003", "id-0004", "id-0005", "id-0006"}) {
                ids.add(id);
            }
        }
        assertTrue(Files.size(file) <= 40 + 8, "compacted to the ids kept");
        try (ProcessedIds ids = ProcessedIds.open(file, 3, 40)) {
            assertEquals(ProcessedIds.Claim.PROCESSED, ids.claim("id-0006"));
            assertEquals(ProcessedIds.Claim.CLAIMED, ids.claim("id-0001"));
        }
    }
}
