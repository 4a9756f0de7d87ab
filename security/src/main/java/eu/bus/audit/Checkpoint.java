package eu.bus.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
import eu.bus.witness.CheckpointNote;
import eu.bus.witness.NoteSignature;
import eu.bus.witness.SignedNote;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A signed statement by a node: "my log held {@code treeSize} records, with this Merkle root, at
 * this time". It carries the signer's certificate so the CA certificate alone suffices to check it.
 *
 * @param rootHash    hex SHA-256 RFC 6962 root of records [0, treeSize)
 * @param signature   base64 signature over {@link #signedBytes()}
 * @param certificate base64 DER of the signer's X.509 certificate
 * @param noteSignature base64 of the same key's signature of the checkpoint as a C2SP signed note ({@link #signedNote()}),
 *                      which witnesses cosign; null in checkpoints written before witnessing
 */
public record Checkpoint(
        String node,
        long treeSize,
        String rootHash,
        Instant time,
        String signatureAlgorithm,
        String signature,
        String certificate,
        String noteSignature) {

    private static final String STATEMENT = "bus-audit-checkpoint/v1";

    public Checkpoint {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(rootHash, "rootHash");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(signatureAlgorithm, "signatureAlgorithm");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** What is signed: a fixed text, so no JSON canonicalisation question can arise. */
    public static byte[] signedBytes(String node, long treeSize, String rootHash, Instant time) {
        return (STATEMENT + "\n" + node + "\n" + treeSize + "\n" + rootHash + "\n" + time + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The checkpoint in the C2SP tlog-checkpoint form: origin {@link CheckpointNote#originOf}, size, root. */
    @JsonIgnore
    public CheckpointNote note() {
        return new CheckpointNote(CheckpointNote.originOf(node), treeSize, Sha256.fromHex(rootHash));
    }

    /** The C2SP note signed by the node (key name: the origin); empty for a checkpoint written before witnessing. */
    @JsonIgnore
    public Optional<SignedNote> signedNote() {
        if (noteSignature == null) {
            return Optional.empty();
        }
        CheckpointNote note = note();
        return Optional.of(new SignedNote(note.text(), List.of(NoteSignature.decode(note.origin(), noteSignature))));
    }

    @JsonIgnore
    public byte[] signedBytes() {
        return signedBytes(node, treeSize, rootHash, time);
    }
}
