package eu.bus.witness;

import eu.bus.audit.LeafHashes;
import eu.bus.audit.MerkleProofs;
import eu.bus.audit.Sha256;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.List;

/** A log in memory for witness tests: its records' leaf hashes and a P-256 key that signs its checkpoints. */
final class TestLog {

    final String origin;
    final KeyPair key;
    final LeafHashes leaves = new LeafHashes(0);

    TestLog(String origin) {
        this(origin, newKey());
    }

    private TestLog(String origin, KeyPair key) {
        this.origin = origin;
        this.key = key;
    }

    private static KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** These records under {@code owner}'s key: what the log's own operator can make when it rewrites history. */
    TestLog signedBy(TestLog owner) {
        TestLog signed = new TestLog(owner.origin, owner.key);
        for (long i = 0; i < leaves.end(); i++) {
            signed.leaves.add(leaves.leaf(i));
        }
        return signed;
    }

    /** Appends records "{@code prefix} i" for i from the current size up to {@code size}. */
    TestLog grow(long size, String prefix) {
        for (long i = leaves.end(); i < size; i++) {
            leaves.add(Sha256.leafHash((prefix + " " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return this;
    }

    CheckpointNote checkpoint() {
        return new CheckpointNote(origin, leaves.end(), leaves.hash(0, leaves.end()));
    }

    SignedNote signed() {
        CheckpointNote note = checkpoint();
        return new SignedNote(note.text(), List.of(LogNoteSignature.sign(origin, key.getPrivate(), key.getPublic(), note.text())));
    }

    List<byte[]> proofFrom(long oldSize) {
        return oldSize == 0 || oldSize == leaves.end() ? List.of() : MerkleProofs.consistencyProof(oldSize, leaves.end(), leaves);
    }

    byte[] request(long oldSize) {
        return new WitnessRequest(oldSize, proofFrom(oldSize), signed()).encode();
    }

    LogKeys keys() {
        return origin -> origin.equals(this.origin) ? List.of(new LogKeys.LogKey(this.origin, key.getPublic())) : List.of();
    }
}
