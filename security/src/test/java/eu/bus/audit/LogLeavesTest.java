package eu.bus.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The leaves a node proves consistency with are the log's, also when read a little at a time across segments. */
class LogLeavesTest {

    @TempDir
    Path dir;

    @Test
    void shouldHoldTheSameLeavesAsAFullReadWhenExtendedWhileTheLogGrowsAcrossSegments() {
        LogLeaves leaves = new LogLeaves(dir);
        try (AuditLog log = AuditLog.open(AuditLogConfig.of(dir, "NL-NMT").withSegmentBytes(4096)
                .withCheckpointEvery(1_000, Duration.ofMinutes(1)), AuditTamperTest.PKI.signer("NL-NMT"))) {
            for (int i = 0; i < 120; i++) {
                log.appendAndWait(AuditLogTest.sent(i));
                if (i % 17 == 16) {
                    leaves.extendTo(i + 1);
                    assertArrayEquals(fullRead(i + 1), leaves.hash(0, i + 1), "after " + (i + 1) + " records");
                }
            }
        }
        assertTrue(new LogLayout(dir).segments().size() > 3, "the log spans several segments");
        leaves.extendTo(120);
        assertArrayEquals(fullRead(120), leaves.hash(0, 120));
        IllegalStateException tooFar = assertThrows(IllegalStateException.class, () -> leaves.extendTo(121));
        assertTrue(tooFar.getMessage().contains("holds 120 records, fewer than its checkpoint's 121"), tooFar.getMessage());
    }

    private byte[] fullRead(long size) {
        LeafHashes all = new LeafHashes(0);
        RecordReader.read(new LogLayout(dir), (i, data, offset, length) -> {
            all.add(Sha256.leafHash(data, offset, length));
            return all.end() < size;
        }, RecordReader.Progress.NONE);
        return all.hash(0, size);
    }
}
