package eu.bus.audit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    static final TestPki PKI = AuditTamperTest.PKI;

    @TempDir
    Path dir;

    static AuditEntry sent(int i) {
        return AuditEntry.of(AuditEvent.SENT).messageId(UUID.randomUUID()).messageType("INTELLIGENCE_REPORT")
                .caseId("CASE-2026-000123").protectedBytes(("body " + i).getBytes()).purpose("LED Art. 25")
                .build();
    }

    AuditLog open(AuditLogConfig config) {
        return AuditLog.open(config, PKI.signer("NL-NMT"));
    }

    VerificationReport verify() {
        return new AuditVerifier(dir, PKI.ca()).verify(RecordReader.Progress.NONE);
    }

    @Test
    void shouldChainAndVerifyWhenManyThreadsAppend() throws Exception {
        try (AuditLog log = open(AuditLogConfig.of(dir, "NL-NMT").withCheckpointEvery(100, Duration.ofMinutes(1)))) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<CompletableFuture<AuditRecord>> acks = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                acks.add(CompletableFuture.supplyAsync(() -> log.append(sent(n)), pool).thenCompose(f -> f));
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).join();
            pool.shutdown();
            assertEquals(1000, acks.stream().map(CompletableFuture::join).mapToLong(AuditRecord::sequence)
                    .distinct().count());
        }
        VerificationReport report = verify();
        assertTrue(report.ok(), report.summary());
        assertEquals(1000, report.records());
        assertEquals(1000, report.anchoredRecords());
        assertEquals(10, report.checkpoints(), report.summary()); // batches stop where a checkpoint is due
    }

    @Test
    void shouldRollSegmentsWhenSegmentIsFull() {
        try (AuditLog log = open(AuditLogConfig.of(dir, "NL-NMT").withSegmentBytes(4096)
                .withCheckpointEvery(7, Duration.ofMinutes(1)))) {
            for (int i = 0; i < 100; i++) {
                log.appendAndWait(sent(i));
            }
        }
        VerificationReport report = verify();
        assertTrue(report.ok(), report.summary());
        assertTrue(report.segments() > 3, report.summary());
        assertEquals(100, report.records());
    }

    @Test
    void shouldWriteCheckpointWhenIntervalElapses() {
        try (AuditLog log = open(AuditLogConfig.of(dir, "NL-NMT")
                .withCheckpointEvery(1_000_000, Duration.ofMillis(100)))) {
            log.appendAndWait(sent(1));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    CheckpointCodec.read(log.layout().checkpoints()).checkpoints().size() == 1);
        }
    }

    @Test
    void shouldContinueTheChainWhenReopened() {
        try (AuditLog log = open(AuditLogConfig.of(dir, "NL-NMT"))) {
            log.appendAndWait(sent(1));
        }
        try (AuditLog log = open(AuditLogConfig.of(dir, "NL-NMT"))) {
            assertEquals(1, log.appendAndWait(sent(2)).sequence());
        }
        VerificationReport report = verify();
        assertTrue(report.ok(), report.summary());
        assertEquals(2, report.checkpoints());
    }

    @Test
    void shouldCutTornTailAndRecordItWhenReopenedAfterCrash() throws IOException {
        try (AuditLog log = open(AuditLogConfig.of(dir, "NL-NMT").withCheckpointEvery(5, Duration.ofMinutes(1)))) {
            for (int i = 0; i < 10; i++) {
                log.appendAndWait(sent(i));
            }
        }
        Path segment = new LogLayout(dir).segment(0);
        byte[] half = Frames.encode(AuditRecordCodec.encode(
                AuditRecord.seal(sent(99), 10, java.time.Instant.now(), "NL-NMT", AuditRecord.GENESIS)));
        Files.write(segment, java.util.Arrays.copyOf(half, half.length / 2), java.nio.file.StandardOpenOption.APPEND);
        assertFalse(verify().ok());

        try (AuditLog log = open(AuditLogConfig.of(dir, "NL-NMT"))) {
            AuditRecord next = log.appendAndWait(sent(11));
            assertEquals(11, next.sequence());
        }
        List<AuditRecord> records = new ArrayList<>();
        RecordReader.read(new LogLayout(dir), (i, d, o, l) -> records.add(AuditRecordCodec.decode(d, o, l)),
                RecordReader.Progress.NONE);
        AuditRecord note = records.get(10);
        assertEquals(AuditEvent.RECOVERED, note.event());
        assertTrue(note.reason().contains("record 10 is incomplete (torn tail)"), note.reason());
        VerificationReport report = verify();
        assertTrue(report.ok(), report.summary());
        assertEquals(12, report.records());
    }

    @Test
    void shouldRefuseToStartWhenRecordInTheMiddleIsDamaged() throws IOException {
        try (AuditLog log = open(AuditLogConfig.of(dir, "NL-NMT"))) {
            for (int i = 0; i < 10; i++) {
                log.appendAndWait(sent(i));
            }
        }
        Path segment = new LogLayout(dir).segment(0);
        List<byte[]> frames = LogFiles.frames(segment);
        frames.get(4)[20] ^= 0x01;
        LogFiles.write(segment, frames);
        byte[] before = Files.readAllBytes(segment);

        AuditChainBrokenException e = assertThrows(AuditChainBrokenException.class,
                () -> open(AuditLogConfig.of(dir, "NL-NMT")));
        assertEquals(4, e.recordIndex());
        assertTrue(e.getMessage().contains("refusing to start"), e.getMessage());
        assertTrue(e.getMessage().contains("bus audit verify"), e.getMessage());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(segment)), "nothing may be cut");
    }

    @Test
    void shouldRefuseToCutWhenDamagedLengthOnlyLooksLikeTornTail() throws IOException {
        try (AuditLog log = open(AuditLogConfig.of(dir, "NL-NMT"))) {
            for (int i = 0; i < 10; i++) {
                log.appendAndWait(sent(i));
            }
        }
        Path segment = new LogLayout(dir).segment(0);
        List<byte[]> frames = LogFiles.frames(segment);
        frames.get(4)[1] = 0x0f; // length now runs past the end of the file
        LogFiles.write(segment, frames);

        AuditChainBrokenException e = assertThrows(AuditChainBrokenException.class,
                () -> open(AuditLogConfig.of(dir, "NL-NMT")));
        assertEquals(4, e.recordIndex());
        assertTrue(e.getMessage().contains("intact frames follow"), e.getMessage());
    }

    @Test
    void shouldVerifyAcrossKeyRotationWhenCheckpointsCarryTheirCertificates() {
        TestPki pki = new TestPki("NL-NMT");
        try (AuditLog log = AuditLog.open(AuditLogConfig.of(dir, "NL-NMT"), pki.signer("NL-NMT"))) {
            log.appendAndWait(sent(1));
        }
        new eu.bus.keys.DevPki(java.time.Clock.systemUTC(), Duration.ofDays(30)).rotate(pki.dir(), "NL-NMT");
        try (AuditLog log = AuditLog.open(AuditLogConfig.of(dir, "NL-NMT"), pki.signer("NL-NMT"))) {
            log.appendAndWait(AuditEntry.of(AuditEvent.KEY_CHANGED).reason("signing key rotated").build());
        }
        VerificationReport report = new AuditVerifier(dir, pki.ca()).verify(RecordReader.Progress.NONE);
        assertTrue(report.ok(), report.summary());
        assertEquals(2, report.checkpoints());
        List<Checkpoint> checkpoints = CheckpointCodec.read(new LogLayout(dir).checkpoints()).checkpoints();
        assertNotEquals(checkpoints.get(0).certificate(), checkpoints.get(1).certificate(),
                "the second checkpoint is signed with the rotated key");
    }

    @Test
    void shouldRefuseAndCutNothingWhenTornTailHoldsCheckpointedRecord() throws IOException {
        try (AuditLog log = open(AuditLogConfig.of(dir, "NL-NMT"))) {
            for (int i = 0; i < 10; i++) {
                log.appendAndWait(sent(i));
            }
        }
        Path segment = new LogLayout(dir).segment(0);
        byte[] all = Files.readAllBytes(segment);
        byte[] cut = java.util.Arrays.copyOf(all, all.length - 20);
        Files.write(segment, cut);

        AuditChainBrokenException e = assertThrows(AuditChainBrokenException.class,
                () -> open(AuditLogConfig.of(dir, "NL-NMT")));
        assertTrue(e.getMessage().contains("acknowledged records are missing"), e.getMessage());
        assertTrue(java.util.Arrays.equals(cut, Files.readAllBytes(segment)), "nothing may be cut");
    }

    @Test
    @SuppressWarnings("try") // the open log is the point: it holds the lock
    void shouldRefuseSecondWriterWhenLogIsOpen() {
        try (AuditLog log = open(AuditLogConfig.of(dir, "NL-NMT"))) {
            AuditStorageException e = assertThrows(AuditStorageException.class,
                    () -> open(AuditLogConfig.of(dir, "NL-NMT")));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseRejectedEntryWhenReasonIsMissing() {
        assertThrows(IllegalArgumentException.class, () -> AuditEntry.of(AuditEvent.REJECTED).build());
        assertEquals(AuditOutcome.FAILURE, AuditEntry.of(AuditEvent.REJECTED).reason("schema").build().outcome());
    }
}
