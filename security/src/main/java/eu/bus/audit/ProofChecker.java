package eu.bus.audit;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

/** Checks an {@link InclusionProof} with the CA certificate alone, as a third party would. */
public final class ProofChecker {

    private final X509Certificate ca;

    public ProofChecker(X509Certificate ca) {
        this.ca = ca;
    }

    /** @return the proven record */
    public AuditRecord check(InclusionProof proof) throws InvalidProofException {
        Checkpoint cp = proof.checkpoint();
        try {
            new CheckpointAuthenticator(ca).check(cp, cp.node());
        } catch (CheckpointInvalidException e) {
            throw new InvalidProofException("the checkpoint in the proof is not valid: " + e.getMessage());
        }
        if (proof.treeSize() != cp.treeSize()) {
            throw new InvalidProofException("the proof is for a tree of " + proof.treeSize()
                    + " records but its checkpoint covers " + cp.treeSize());
        }
        byte[] bytes = proof.record().getBytes(StandardCharsets.UTF_8);
        byte[] leaf = Sha256.leafHash(bytes);
        if (!Sha256.toHex(leaf).equals(proof.leafHash())) {
            throw new InvalidProofException("the record's leaf hash is not the one in the proof: the record was altered");
        }
        AuditRecord record;
        try {
            record = AuditRecordCodec.decode(bytes, 0, bytes.length);
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException(e.getMessage());
        }
        if (record.sequence() != proof.leafIndex() || !record.node().equals(cp.node())) {
            throw new InvalidProofException("the record is number " + record.sequence() + " of " + record.node()
                    + ", but the proof claims number " + proof.leafIndex() + " of " + cp.node());
        }
        List<byte[]> path;
        try {
            path = proof.auditPath().stream().map(Sha256::fromHex).toList();
        } catch (IllegalArgumentException e) {
            throw new InvalidProofException("the audit path holds something that is not a SHA-256 hash");
        }
        if (!MerkleProofs.verifyInclusion(proof.leafIndex(), proof.treeSize(), leaf, path, Sha256.fromHex(cp.rootHash()))) {
            throw new InvalidProofException("the audit path does not lead from record " + proof.leafIndex()
                    + " to the signed root of the checkpoint");
        }
        return record;
    }
}
