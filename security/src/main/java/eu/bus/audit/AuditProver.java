package eu.bus.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** Builds inclusion proofs for records against the latest checkpoint of a log directory. */
public final class AuditProver {

    private final LogLayout layout;

    public AuditProver(Path directory) {
        this.layout = new LogLayout(directory);
    }

    /**
     * @throws ProofUnavailableException when no checkpoint covers the record yet
     * @throws AuditChainBrokenException when the log does not match its own checkpoint
     */
    public InclusionProof prove(long recordIndex) throws ProofUnavailableException {
        List<Checkpoint> checkpoints = CheckpointCodec.read(layout.checkpoints()).checkpoints();
        if (checkpoints.isEmpty()) {
            throw new ProofUnavailableException("the log has no checkpoint yet, so nothing can be proven against one");
        }
        Checkpoint latest = checkpoints.get(checkpoints.size() - 1);
        if (recordIndex < 0 || recordIndex >= latest.treeSize()) {
            throw new ProofUnavailableException("record " + recordIndex + " is not covered by the latest checkpoint,"
                    + " which covers records 0.." + (latest.treeSize() - 1)
                    + "; if it exists, wait for the next checkpoint");
        }
        LeafHashes leaves = new LeafHashes(0);
        byte[][] wanted = new byte[1][];
        RecordReader.read(layout, (i, data, off, len) -> {
            leaves.add(Sha256.leafHash(data, off, len));
            if (i == recordIndex) {
                wanted[0] = Arrays.copyOfRange(data, off, off + len);
            }
            return leaves.end() < latest.treeSize();
        }, RecordReader.Progress.NONE);
        if (leaves.end() < latest.treeSize() || !Sha256.toHex(leaves.hash(0, latest.treeSize())).equals(latest.rootHash())) {
            throw new AuditChainBrokenException(leaves.end(), "the log does not match its latest checkpoint;"
                    + " run 'bus audit verify " + layout.directory() + " --ca ca.pem'");
        }
        List<String> path = MerkleProofs.inclusionProof(recordIndex, latest.treeSize(), leaves).stream()
                .map(Sha256::toHex).toList();
        return new InclusionProof(InclusionProof.FORMAT, recordIndex, latest.treeSize(),
                new String(wanted[0], StandardCharsets.UTF_8), Sha256.toHex(leaves.leaf(recordIndex)), path, latest);
    }
}
