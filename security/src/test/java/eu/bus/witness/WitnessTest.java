package eu.bus.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A witness cosigns only what extends what it cosigned before, and keeps what it refused. */
class WitnessTest {

    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @TempDir
    Path dir;
    TestLog log;
    Cosigner cosigner;
    Witness witness;

    @BeforeEach
    void setUp() {
        log = new TestLog("bus/audit/NL-NMT").grow(10, "record");
        cosigner = Cosigner.generate("EUROJUST");
        witness = new Witness(cosigner, log.keys(), new WitnessState(dir), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void shouldCosignAFirstCheckpointThenOneThatExtendsIt() {
        WitnessResponse first = witness.addCheckpoint(log.request(0));
        assertEquals(WitnessResponse.OK, first.status(), first.body());
        assertEquals(NOW, cosigner.publicKey().verify(first.cosignatures().get(0), log.checkpoint().text()).orElseThrow());

        log.grow(37, "record");
        WitnessResponse second = witness.addCheckpoint(log.request(10));
        assertEquals(WitnessResponse.OK, second.status(), second.body());
        assertEquals(37, CheckpointNote.parse(witness.state().latest(log.origin).orElseThrow().text()).size());
        assertEquals(2, witness.state().cosigned(log.origin).size());
    }

    @Test
    void shouldRefuseACheckpointOfARewrittenHistoryAndKeepTheRequestAsEvidence() {
        assertEquals(WitnessResponse.OK, witness.addCheckpoint(log.request(0)).status());
        String cosignedRoot = Base64.getEncoder().encodeToString(log.checkpoint().rootHash());
        // The operator rewrites record 3, grows the log and signs it all again with the log's own key.
        TestLog rewritten = new TestLog(log.origin);
        rewritten.leaves.add(log.leaves.leaf(0));
        rewritten.leaves.add(log.leaves.leaf(1));
        rewritten.leaves.add(log.leaves.leaf(2));
        rewritten.grow(20, "rewritten");
        TestLog sameKey = rewritten.signedBy(log);

        WitnessResponse refused = witness.addCheckpoint(sameKey.request(10));

        assertEquals(WitnessResponse.UNPROCESSABLE, refused.status(), refused.body());
        assertTrue(refused.body().contains("root " + cosignedRoot), refused.body());
        assertTrue(refused.body().contains("root " + Base64.getEncoder().encodeToString(sameKey.checkpoint().rootHash())), refused.body());
        assertEquals(10, CheckpointNote.parse(witness.state().latest(log.origin).orElseThrow().text()).size(), "nothing rolled forward");
        assertEquals(1, witness.state().refused(log.origin).size());
        assertTrue(witness.state().refused(log.origin).get(0).startsWith("refused: the checkpoint of bus/audit/NL-NMT at size 20"));
    }

    @Test
    void shouldRefuseTheSameSizeWithAnotherRootAsAFork() {
        assertEquals(WitnessResponse.OK, witness.addCheckpoint(log.request(0)).status());
        TestLog other = new TestLog(log.origin).grow(10, "other").signedBy(log);

        WitnessResponse refused = witness.addCheckpoint(other.request(10));

        assertEquals(WitnessResponse.CONFLICT, refused.status());
        assertEquals(-1, refused.conflictSize(), "a fork is not a size the node should retry from");
        assertTrue(refused.body().contains("has another root"), refused.body());
    }

    @Test
    void shouldAnswerWithItsOwnSizeWhenTheOldSizeIsNotIt() {
        assertEquals(WitnessResponse.OK, witness.addCheckpoint(log.request(0)).status());
        log.grow(30, "record");

        WitnessResponse conflict = witness.addCheckpoint(log.request(20));

        assertEquals(WitnessResponse.CONFLICT, conflict.status());
        assertEquals("10\n", conflict.body());
        assertEquals(10, conflict.conflictSize());
        assertEquals(WitnessResponse.OK, witness.addCheckpoint(log.request(10)).status());
    }

    @Test
    void shouldRefuseLogsItDoesNotFollowAndCheckpointsItsLogDidNotSign() {
        TestLog stranger = new TestLog("bus/audit/XX-NMT").grow(5, "x");
        assertEquals(WitnessResponse.NOT_FOUND, witness.addCheckpoint(stranger.request(0)).status());

        TestLog impostor = new TestLog(log.origin).grow(10, "record"); // right origin, another key
        WitnessResponse unsigned = witness.addCheckpoint(impostor.request(0));
        assertEquals(WitnessResponse.FORBIDDEN, unsigned.status());
        assertTrue(unsigned.body().contains("no signature of a key this witness trusts"), unsigned.body());

        SignedNote genuine = log.signed();
        NoteSignature signature = genuine.signatures().get(0);
        byte[] bits = signature.signature().clone();
        bits[bits.length - 2] ^= 1;
        SignedNote forged = new SignedNote(genuine.text(), List.of(new NoteSignature(signature.keyName(), signature.keyId(), bits)));
        WitnessResponse bad = witness.addCheckpoint(new WitnessRequest(0, List.of(), forged).encode());
        assertEquals(WitnessResponse.FORBIDDEN, bad.status());
        assertTrue(bad.body().contains("does not verify"), bad.body());
        assertTrue(witness.state().latest(log.origin).isEmpty(), "nothing cosigned");
    }

    @Test
    void shouldNotCosignItsOwnNodesLog() {
        Witness own = new Witness(Cosigner.generate("NL-NMT"), log.keys(), new WitnessState(dir.resolve("own")), Clock.systemUTC());
        WitnessResponse refused = own.addCheckpoint(log.request(0));
        assertEquals(WitnessResponse.FORBIDDEN, refused.status());
        assertTrue(refused.body().contains("does not cosign its own node's log"), refused.body());
    }

    @Test
    void shouldAnswerBadRequestToWhatIsNotAWitnessRequest() {
        byte[] good = log.request(0);
        List<byte[]> bad = new ArrayList<>();
        bad.add("hello".getBytes(StandardCharsets.UTF_8));
        bad.add(new byte[] {(byte) 0xff, (byte) 0xfe, 0x0a});
        bad.add(("old 01\n\n" + new String(log.signed().encode(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        bad.add(("old 0\nnot-base64!\n\n" + new String(log.signed().encode(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        bad.add(Arrays.copyOf(good, good.length - 10));
        bad.add(new String(good, StandardCharsets.UTF_8).replace("bus/audit/NL-NMT\n10", "bus/audit/NL-NMT\u0007\n10").getBytes(StandardCharsets.UTF_8));
        bad.add(new WitnessRequest(11, List.of(), log.signed()).encode());
        StringBuilder many = new StringBuilder("old 1\n");
        for (int i = 0; i < 64; i++) {
            many.append(Base64.getEncoder().encodeToString(new byte[32])).append('\n');
        }
        bad.add((many + "\n" + new String(log.signed().encode(), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
        for (byte[] request : bad) {
            WitnessResponse answer = witness.addCheckpoint(request);
            assertEquals(WitnessResponse.BAD_REQUEST, answer.status(), new String(request, StandardCharsets.UTF_8) + " -> " + answer.body());
        }
        assertTrue(witness.state().latest(log.origin).isEmpty());
    }

    @Test
    void shouldRefuseAProofThatDoesNotProve() {
        assertEquals(WitnessResponse.OK, witness.addCheckpoint(log.request(0)).status());
        log.grow(20, "record");
        List<byte[]> proof = new ArrayList<>(log.proofFrom(10));
        proof.set(0, new byte[32]);
        WitnessResponse refused = witness.addCheckpoint(new WitnessRequest(10, proof, log.signed()).encode());
        assertEquals(WitnessResponse.UNPROCESSABLE, refused.status());
        assertEquals(WitnessResponse.OK, witness.addCheckpoint(log.request(10)).status(), "the genuine proof still works");
    }

    @Test
    void shouldRememberWhatItCosignedAcrossARestart() {
        assertEquals(WitnessResponse.OK, witness.addCheckpoint(log.request(0)).status());
        Witness restarted = new Witness(cosigner, log.keys(), new WitnessState(dir), Clock.systemUTC());
        TestLog other = new TestLog(log.origin).grow(20, "other").signedBy(log);
        assertEquals(WitnessResponse.CONFLICT, restarted.addCheckpoint(other.request(0)).status());
        assertEquals(WitnessResponse.UNPROCESSABLE, restarted.addCheckpoint(other.request(10)).status());
    }

    @Test
    void shouldWriteCosignaturesThatAnIndependentEd25519VerifierAccepts() throws Exception {
        NoteSignature cosignature = witness.addCheckpoint(log.request(0)).cosignatures().get(0);
        // The key ID as c2sp.org/tlog-cosignature defines it, computed here on its own.
        java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
        sha.update("EUROJUST\n".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x04);
        sha.update(cosigner.publicKey().publicKey());
        assertEquals(ByteBuffer.wrap(sha.digest()).getInt(), cosignature.keyId());
        // The JDK's own Ed25519 over "cosignature/v1\ntime <t>\n" and the checkpoint text.
        ByteBuffer bytes = ByteBuffer.wrap(cosignature.signature());
        long time = bytes.getLong();
        byte[] ed25519 = new byte[64];
        bytes.get(ed25519);
        byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100" + HexFormat.of().formatHex(cosigner.publicKey().publicKey()));
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
        jdk.update(("cosignature/v1\ntime " + time + "\n" + log.checkpoint().text()).getBytes(StandardCharsets.UTF_8));
        assertTrue(jdk.verify(ed25519));
        assertEquals(NOW.getEpochSecond(), time);
        // And the log's own signature as the transparency-dev ECDSA note type: key ID from the DER public key.
        NoteSignature logSignature = log.signed().signatures().get(0);
        assertEquals(ByteBuffer.wrap(java.security.MessageDigest.getInstance("SHA-256").digest(log.key.getPublic().getEncoded())).getInt(),
                logSignature.keyId());
        Signature ecdsa = Signature.getInstance("SHA256withECDSA");
        ecdsa.initVerify(log.key.getPublic());
        ecdsa.update(log.checkpoint().text().getBytes(StandardCharsets.UTF_8));
        assertTrue(ecdsa.verify(logSignature.signature()));
    }

    @Test
    void shouldReadBackItsVerifierKeyAndRefuseOneWhoseIdDoesNotMatch() {
        String vkey = cosigner.publicKey().vkey();
        assertTrue(vkey.startsWith("EUROJUST+"), vkey);
        assertEquals(vkey, CosignerKey.parse(vkey).vkey());
        String[] parts = vkey.split("\\+", 3);
        String wrongId = parts[0] + "+" + String.format("%08x", (int) Long.parseLong(parts[1], 16) ^ 1) + "+" + parts[2];
        MalformedNoteException e = assertThrows(MalformedNoteException.class, () -> CosignerKey.parse(wrongId));
        assertTrue(e.getMessage().contains("does not match"), e.getMessage());
        assertFalse(CosignerKey.parse(vkey).verify(new NoteSignature("EUROPOL", cosigner.publicKey().keyId(), new byte[72]),
                log.checkpoint().text()).isPresent(), "another name is another key");
    }

    @Test
    void shouldKeepItsKeyInItsDirectoryAndReadItBack() throws Exception {
        Cosigner made = Cosigner.inDirectory(dir.resolve("keys"), "EUROPOL");
        Cosigner again = Cosigner.inDirectory(dir.resolve("keys"), "EUROPOL");
        assertEquals(made.publicKey().vkey(), again.publicKey().vkey());
        assertEquals(made.publicKey().vkey() + "\n", java.nio.file.Files.readString(dir.resolve("keys/witness.vkey")));
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
                java.nio.file.Files.getPosixFilePermissions(dir.resolve("keys/witness.key"))));
    }
}
