package eu.bus.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One fixture per tampering; each must be detected and must name the right record or checkpoint. */
class AuditTamperTest {

    static final TestPki PKI = new TestPki("NL-NMT", "BE-ENU");

    @TempDir
    Path dir;
    Path segment;
    Path checkpoints;

    /** 50 records, checkpoints at 10, 20, 30, 40 and 50 records. */
    @BeforeEach
    void writeLog() {
        try (AuditLog log = AuditLog.open(AuditLogConfig.of(dir, "NL-NMT")
                .withCheckpointEvery(10, Duration.ofMinutes(1)), PKI.signer("NL-NMT"))) {
            for (int i = 0; i < 50; i++) {
                log.appendAndWait(AuditLogTest.sent(i));
            }
        }
        segment = new LogLayout(dir).segment(0);
        checkpoints = new LogLayout(dir).checkpoints();
        VerificationReport clean = verify();
        assertTrue(clean.ok(), clean.summary());
        assertEquals(5, clean.checkpoints());
    }

    VerificationReport verify() {
        return new AuditVerifier(dir, PKI.ca()).verify(RecordReader.Progress.NONE);
    }

    void assertRecordProblem(long index, String words) {
        VerificationReport r = verify();
        assertFalse(r.ok(), "tampering went unnoticed");
        assertEquals(VerificationReport.Where.RECORD, r.problem().where(), r.summary());
        assertEquals(index, r.problem().index(), r.summary());
        assertTrue(r.summary().contains(words), r.summary());
    }

    void assertCheckpointProblem(long index, String words) {
        VerificationReport r = verify();
        assertFalse(r.ok(), "tampering went unnoticed");
        assertEquals(VerificationReport.Where.CHECKPOINT, r.problem().where(), r.summary());
        assertEquals(index, r.problem().index(), r.summary());
        assertTrue(r.summary().contains(words), r.summary());
    }

    @Test
    void shouldNameRecordWhenOneBitIsFlipped() throws IOException {
        List<byte[]> frames = LogFiles.frames(segment);
        frames.get(17)[40] ^= 0x04;
        LogFiles.write(segment, frames);
        assertRecordProblem(17, "record 17 is damaged: checksum mismatch");
    }

    @Test
    void shouldNameNextRecordWhenRecordIsRewrittenWithValidChecksum() throws IOException {
        List<byte[]> frames = LogFiles.frames(segment);
        String json = new String(LogFiles.payload(frames.get(17)), java.nio.charset.StandardCharsets.UTF_8);
        frames.set(17, Frames.encode(json.replace("\"SENT\"", "\"OPENED\"").getBytes()));
        LogFiles.write(segment, frames);
        // Record 17 itself still chains to 16; the break shows at 18, whose previous hash no longer matches.
        assertRecordProblem(18, "record 18 does not chain to record 17");
    }

    @Test
    void shouldNameRecordWhenRecordCarriesAmbiguousDuplicateKey() throws IOException {
        List<byte[]> frames = LogFiles.frames(segment);
        String json = new String(LogFiles.payload(frames.get(17)), java.nio.charset.StandardCharsets.UTF_8);
        frames.set(17, Frames.encode(json.replace("{", "{\"event\":\"OPENED\",").getBytes()));
        LogFiles.write(segment, frames);
        assertRecordProblem(17, "record 17 is not a well-formed audit record");
    }

    @Test
    void shouldNameRecordWhenRecordIsDeleted() throws IOException {
        List<byte[]> frames = LogFiles.frames(segment);
        frames.remove(17);
        LogFiles.write(segment, frames);
        assertRecordProblem(17, "record 17 has sequence number 18");
    }

    @Test
    void shouldNameRecordWhenRecordIsInserted() throws IOException {
        List<byte[]> frames = LogFiles.frames(segment);
        frames.add(17, frames.get(3).clone());
        LogFiles.write(segment, frames);
        assertRecordProblem(17, "record 17 has sequence number 3");
    }

    @Test
    void shouldNameRecordWhenTwoRecordsAreSwapped() throws IOException {
        List<byte[]> frames = LogFiles.frames(segment);
        Collections.swap(frames, 17, 18);
        LogFiles.write(segment, frames);
        assertRecordProblem(17, "record 17 has sequence number 18");
    }

    @Test
    void shouldNameRecordWhenTailIsTruncatedMidRecord() throws IOException {
        byte[] all = Files.readAllBytes(segment);
        Files.write(segment, Arrays.copyOf(all, all.length - 30));
        assertRecordProblem(49, "record 49 is incomplete (torn tail)");
    }

    @Test
    void shouldNameCheckpointWhenWholeRecordsAreCutFromTheEnd() throws IOException {
        List<byte[]> frames = LogFiles.frames(segment);
        LogFiles.write(segment, frames.subList(0, 45));
        assertCheckpointProblem(4, "records from 45 on were removed");
    }

    @Test
    void shouldNameCheckpointWhenCheckpointFileIsCutMidCheckpoint() throws IOException {
        byte[] all = Files.readAllBytes(checkpoints);
        Files.write(checkpoints, Arrays.copyOf(all, all.length - 100));
        assertCheckpointProblem(4, "it is incomplete (torn tail)");
    }

    @Test
    void shouldNameCheckpointWhenSignatureIsForged() throws IOException {
        List<byte[]> frames = LogFiles.frames(checkpoints);
        Checkpoint cp = decode(frames.get(2));
        byte[] sig = Base64.getDecoder().decode(cp.signature());
        sig[sig.length - 3] ^= 0x10;
        frames.set(2, encode(new Checkpoint(cp.node(), cp.treeSize(), cp.rootHash(), cp.time(),
                cp.signatureAlgorithm(), Base64.getEncoder().encodeToString(sig), cp.certificate(), cp.noteSignature())));
        LogFiles.write(checkpoints, frames);
        assertCheckpointProblem(2, "signature does not verify");
    }

    @Test
    void shouldNameCheckpointWhenRootIsAlteredAndResigned() throws IOException {
        List<byte[]> frames = LogFiles.frames(checkpoints);
        Checkpoint cp = decode(frames.get(2));
        byte[] forkedRoot = Sha256.hash("a different history".getBytes());
        frames.set(2, encode(CheckpointCodec.sign(PKI.signer("NL-NMT"), "NL-NMT", cp.treeSize(), forkedRoot, cp.time())));
        LogFiles.write(checkpoints, frames);
        assertCheckpointProblem(2, "root hash does not match records 0..29");
    }

    @Test
    void shouldNameCheckpointWhenSignedByAnotherNodesKey() throws IOException {
        List<byte[]> frames = LogFiles.frames(checkpoints);
        Checkpoint cp = decode(frames.get(2));
        frames.set(2, encode(CheckpointCodec.sign(PKI.signer("BE-ENU"), "NL-NMT", cp.treeSize(),
                Sha256.fromHex(cp.rootHash()), cp.time())));
        LogFiles.write(checkpoints, frames);
        assertCheckpointProblem(2, "signed by BE-ENU's certificate, not by NL-NMT");
    }

    @Test
    void shouldNameCheckpointWhenRolledBackToAnOlderTree() throws IOException {
        List<byte[]> frames = LogFiles.frames(checkpoints);
        frames.set(3, frames.get(1).clone());
        LogFiles.write(checkpoints, frames);
        assertCheckpointProblem(3, "covers 20 records, no more than the 30");
    }

    @Test
    void shouldNameCheckpointWhenBackDated() throws IOException {
        List<byte[]> frames = LogFiles.frames(checkpoints);
        Checkpoint cp = decode(frames.get(3));
        frames.set(3, encode(CheckpointCodec.sign(PKI.signer("NL-NMT"), "NL-NMT", cp.treeSize(),
                Sha256.fromHex(cp.rootHash()), cp.time().minusSeconds(3600))));
        LogFiles.write(checkpoints, frames);
        assertCheckpointProblem(3, "back-dated");
    }

    @Test
    void shouldNameCheckpointWhenIssuedByAnotherCa() throws IOException {
        CheckpointSigner stranger = new TestPki("NL-NMT").signer("NL-NMT");
        List<byte[]> frames = LogFiles.frames(checkpoints);
        Checkpoint cp = decode(frames.get(1));
        frames.set(1, encode(CheckpointCodec.sign(stranger, "NL-NMT", cp.treeSize(),
                Sha256.fromHex(cp.rootHash()), cp.time())));
        LogFiles.write(checkpoints, frames);
        assertCheckpointProblem(1, "not issued by the given CA");
    }

    @Test
    void shouldFailAgainstTrustedCheckpointWhenLogIsRewrittenWithItsCheckpoints() throws IOException {
        Checkpoint trusted = verify().latestCheckpoint();
        assertEquals(50, trusted.treeSize());
        TestPki.deleteTree(dir.resolve("segments"));
        Files.delete(checkpoints);
        try (AuditLog log = AuditLog.open(AuditLogConfig.of(dir, "NL-NMT"), PKI.signer("NL-NMT"))) {
            for (int i = 0; i < 60; i++) {
                log.appendAndWait(AuditLogTest.sent(1000 + i));
            }
        }
        assertTrue(verify().ok(), "a rewrite by the key holder verifies on its own");
        VerificationReport r = new AuditVerifier(dir, PKI.ca()).verify(RecordReader.Progress.NONE, trusted);
        assertEquals(VerificationReport.Where.TRUSTED, r.problem().where(), r.summary());
        assertTrue(r.summary().startsWith("FAILED against the trusted checkpoint of 50 records: records 0..49 no longer"),
                r.summary());
    }

    @Test
    void shouldFailAgainstTrustedCheckpointWhenTailAndCheckpointsAreRemoved() throws IOException {
        Checkpoint trusted = verify().latestCheckpoint();
        LogFiles.write(segment, LogFiles.frames(segment).subList(0, 40));
        LogFiles.write(checkpoints, LogFiles.frames(checkpoints).subList(0, 4));
        assertTrue(verify().ok(), "without the trusted checkpoint the cut is invisible");
        VerificationReport r = new AuditVerifier(dir, PKI.ca()).verify(RecordReader.Progress.NONE, trusted);
        assertTrue(r.summary().contains("the log holds only 40 records"), r.summary());
    }

    static Checkpoint decode(byte[] frame) {
        byte[] p = LogFiles.payload(frame);
        return CheckpointCodec.decode(p, 0, p.length);
    }

    static byte[] encode(Checkpoint cp) {
        return Frames.encode(CheckpointCodec.encode(cp));
    }

}
