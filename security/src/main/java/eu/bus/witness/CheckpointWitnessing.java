package eu.bus.witness;

import eu.bus.audit.Checkpoint;
import eu.bus.audit.CheckpointCodec;
import eu.bus.audit.LogLeaves;
import eu.bus.audit.LogLayout;
import eu.bus.audit.MerkleProofs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A node's side of witnessing: asks each of its witnesses to cosign its latest checkpoint, with a consistency proof
 * from the last checkpoint that witness cosigned, and keeps the cosignatures that verify in
 * {@code cosignatures.log} beside the log, where auditors find them. A witness that answers with another size
 * (409) is asked again from that size; one that refuses or does not answer is named in the result and asked again
 * at the next round.
 */
public final class CheckpointWitnessing {

    private final LogLayout layout;
    private final List<WitnessClient> witnesses;
    /** The log's leaf hashes, read once and then extended by what was appended (consistency proofs need them). */
    private final LogLeaves leaves;
    /** The log's latest checkpoint as last read, and the length of checkpoints.log then: read again only when it grew. */
    private Checkpoint latest;
    private long checkpointsRead = -1;
    /** Per witness name, the size it cosigned last, as far as this node knows. */
    private final Map<String, Long> cosignedSize = new LinkedHashMap<>();

    public CheckpointWitnessing(Path auditDirectory, List<WitnessClient> witnesses) {
        this.layout = new LogLayout(auditDirectory);
        this.witnesses = List.copyOf(witnesses);
        this.leaves = new LogLeaves(auditDirectory);
        for (Cosignatures.Cosigned kept : Cosignatures.read(Cosignatures.file(layout))) {
            cosignedSize.merge(kept.witness(), kept.checkpoint().size(), Math::max);
        }
    }

    /**
     * What one round did with each witness.
     *
     * @param answered false when the witness did not answer at all (down or unreachable), not when it refused
     */
    public record Outcome(String witness, boolean cosigned, long size, String problem, boolean answered) {
    }

    /** Asks every witness that has not cosigned it yet to cosign the log's latest checkpoint. */
    public List<Outcome> round() {
        return round(witnesses);
    }

    /** As {@link #round()}, asking only {@code asked} (for example those that answered before, while the node stops). */
    public synchronized List<Outcome> round(List<? extends WitnessClient> asked) {
        List<Outcome> outcomes = new ArrayList<>();
        Checkpoint latest = latestCheckpoint();
        if (latest == null) {
            return outcomes;
        }
        Optional<SignedNote> note = latest.signedNote();
        if (note.isEmpty()) {
            return outcomes; // written before witnessing: the next checkpoint will be
        }
        for (WitnessClient witness : asked) {
            String name = witness.key().name();
            long known = cosignedSize.getOrDefault(name, 0L);
            if (known == latest.treeSize()) {
                continue;
            }
            leaves.extendTo(latest.treeSize());
            outcomes.add(ask(witness, note.get(), latest, known));
        }
        return outcomes;
    }

    /** The latest checkpoint of the log, or null; checkpoints.log is read again only when it has grown. */
    private Checkpoint latestCheckpoint() {
        long length = layout.checkpoints().toFile().length();
        if (length != checkpointsRead) {
            CheckpointCodec.ReadResult read = CheckpointCodec.read(layout.checkpoints());
            List<Checkpoint> checkpoints = read.checkpoints();
            latest = checkpoints.isEmpty() ? null : checkpoints.get(checkpoints.size() - 1);
            checkpointsRead = read.validLength() == read.fileLength() ? length : -1; // a frame being written: again next time
        }
        return latest;
    }

    private Outcome ask(WitnessClient witness, SignedNote note, Checkpoint latest, long oldSize) {
        String name = witness.key().name();
        try {
            for (int attempt = 0; attempt < 2; attempt++) {
                List<byte[]> proof = oldSize == 0 || oldSize == latest.treeSize() ? List.of()
                        : MerkleProofs.consistencyProof(oldSize, latest.treeSize(), leaves);
                WitnessResponse answer = witness.addCheckpoint(new WitnessRequest(oldSize, proof, note).encode());
                long theirs = answer.conflictSize();
                if (theirs >= 0 && theirs <= latest.treeSize() && theirs != oldSize) {
                    oldSize = theirs; // the witness's record is another size: prove from there
                    continue;
                }
                if (answer.status() != WitnessResponse.OK) {
                    return new Outcome(name, false, latest.treeSize(), "refused (" + answer.status() + "): " + answer.body().strip(), true);
                }
                return keep(witness, note, latest, answer);
            }
            return new Outcome(name, false, latest.treeSize(), "its record of this log keeps changing; asked again next round", true);
        } catch (WitnessUnreachableException e) {
            return new Outcome(name, false, latest.treeSize(), "no answer: " + e.getMessage(), false);
        }
    }

    private Outcome keep(WitnessClient witness, SignedNote note, Checkpoint latest, WitnessResponse answer) {
        String name = witness.key().name();
        List<NoteSignature> valid = answer.cosignatures().stream()
                .filter(s -> witness.key().verify(s, note.text()).isPresent()).toList();
        if (valid.isEmpty()) {
            return new Outcome(name, false, latest.treeSize(), "its answer holds no cosignature that verifies with its key", true);
        }
        try {
            Cosignatures.append(layout, new SignedNote(note.text(), valid));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep " + name + "'s cosignature in " + Cosignatures.file(layout), e);
        }
        cosignedSize.put(name, latest.treeSize());
        return new Outcome(name, true, latest.treeSize(), null, true);
    }

}
