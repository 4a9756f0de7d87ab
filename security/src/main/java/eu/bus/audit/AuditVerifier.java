package eu.bus.audit;

import eu.bus.witness.CheckpointNote;
import eu.bus.witness.CosignerKey;
import eu.bus.witness.Cosignatures;
import eu.bus.witness.WitnessPolicy;
import eu.bus.witness.WitnessedCheckpoints;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a node's audit directory with the CA certificate (and, to check revocation, the CA's CRL);
 * shares no state with the writer. In one pass over the records it checks framing and the hash
 * chain, recomputes the Merkle root at every checkpoint, checks each checkpoint's signature and
 * certificate (revocation: {@link CheckpointRevocation}), and checks that each checkpoint is
 * consistent with the previous one by building and verifying the RFC 6962 consistency proof between
 * them. Stops at the first problem and names it.
 */
public final class AuditVerifier {

    private final LogLayout layout;
    private final X509Certificate ca;
    private final CheckpointRevocation revocation;
    private final WitnessPolicy witnessPolicy;

    /** Without a CRL: revocation is not checked, and the report says so. */
    public AuditVerifier(Path directory, X509Certificate ca) {
        this(directory, ca, CheckpointRevocation.notChecked());
    }

    public AuditVerifier(Path directory, X509Certificate ca, CheckpointRevocation revocation) {
        this(directory, ca, revocation, WitnessPolicy.none());
    }

    /**
     * @param witnessPolicy the witnesses trusted and how many must have cosigned the latest checkpoint; every
     *                      checkpoint they cosigned must match the log (else it forked after they saw it)
     */
    public AuditVerifier(Path directory, X509Certificate ca, CheckpointRevocation revocation, WitnessPolicy witnessPolicy) {
        this.layout = new LogLayout(directory);
        this.ca = ca;
        this.revocation = revocation;
        this.witnessPolicy = witnessPolicy;
    }

    public VerificationReport verify(RecordReader.Progress progress) {
        return verify(progress, null);
    }

    /**
     * @param trusted a checkpoint of this log kept by the auditor from an earlier run, or null: the log
     *                must still hold that many records with that root, which catches a log rewritten
     *                from scratch (or cut) together with its checkpoint file
     */
    public VerificationReport verify(RecordReader.Progress progress, Checkpoint trusted) {
        CheckpointCodec.ReadResult checkpointFile = CheckpointCodec.read(layout.checkpoints());
        Run run = new Run(checkpointFile.checkpoints(), new CheckpointAuthenticator(ca, revocation), trusted,
                witnessed(checkpointFile.checkpoints()));
        VerificationReport.Problem problem = run.checkTrusted();
        problem = problem != null ? problem : run.checkpointsDue();
        RecordReader.Result read = problem != null ? null : RecordReader.read(layout, run::record, progress);
        problem = run.problem != null ? run.problem : problem;
        if (problem == null && read.damage() != null) {
            problem = new VerificationReport.Problem(VerificationReport.Where.RECORD, read.damage().recordIndex(),
                    read.damage().describe());
        }
        if (problem == null && !checkpointFile.clean()) {
            problem = new VerificationReport.Problem(VerificationReport.Where.CHECKPOINT,
                    checkpointFile.checkpoints().size(), checkpointFile.problem().replaceFirst("^checkpoint \\d+ ", "it "));
        }
        if (problem == null && run.next < run.checkpoints.size()) {
            Checkpoint cp = run.checkpoints.get(run.next);
            problem = new VerificationReport.Problem(VerificationReport.Where.CHECKPOINT, run.next,
                    "it covers " + cp.treeSize() + " records but the log holds only " + run.tree.size()
                            + ": records from " + run.tree.size() + " on were removed");
        }
        if (problem == null && trusted != null && run.tree.size() < trusted.treeSize()) {
            problem = run.trustedProblem("the log holds only " + run.tree.size() + " records: it was cut or replaced");
        }
        if (problem == null && run.witnessed.largestSize() > run.tree.size()) {
            problem = new VerificationReport.Problem(VerificationReport.Where.WITNESSED, run.witnessed.largestSize(),
                    run.witnessed.at(run.witnessed.largestSize()).get(0).describe() + ", but the log holds only "
                            + run.tree.size() + " records: it was cut or replaced after they saw it");
        }
        String witnessing = witnessPolicy.any() ? null : "witness cosignatures NOT checked (no witness keys given)";
        if (problem == null && witnessPolicy.any()) {
            Map<String, Instant> latestWitnesses = run.next == 0 ? Map.of() : run.witnessesOf(run.checkpoints.get(run.next - 1));
            witnessing = "latest checkpoint cosigned by " + (latestWitnesses.isEmpty() ? "no trusted witness"
                    : String.join(", ", latestWitnesses.keySet())) + " (" + witnessPolicy.required() + " required)";
            if (latestWitnesses.size() < witnessPolicy.required()) {
                problem = run.next == 0
                        ? new VerificationReport.Problem(VerificationReport.Where.CHECKPOINT, 0, "the log has no checkpoint, so no witness cosigned any of it (an empty log and a deleted one look"
                                + " the same here: check it against a witness's own record with --cosignatures)")
                        : new VerificationReport.Problem(VerificationReport.Where.CHECKPOINT, run.next - 1,
                        "it is cosigned by " + latestWitnesses.size() + " trusted witness(es)" + (latestWitnesses.isEmpty() ? ""
                                : " (" + String.join(", ", latestWitnesses.keySet()) + ")") + ", fewer than the "
                                + witnessPolicy.required() + " required: its records rest on " + run.chain.node()
                                + "'s own signature, which its operator could have rewritten and signed again");
            }
        }
        String node = run.chain.node() != null ? run.chain.node()
                : run.checkpoints.isEmpty() ? null : run.checkpoints.get(0).node();
        Checkpoint latest = run.next == 0 ? null : run.checkpoints.get(run.next - 1);
        return new VerificationReport(node, run.tree.size(), read == null ? 0 : read.segments(), run.next,
                run.anchoredSize, latest, problem, revocation.describe(), witnessing);
    }

    private WitnessedCheckpoints witnessed(List<Checkpoint> checkpoints) {
        if (!witnessPolicy.any() || checkpoints.isEmpty()) {
            return WitnessedCheckpoints.none();
        }
        List<Path> files = new ArrayList<>();
        files.add(Cosignatures.file(layout));
        files.addAll(witnessPolicy.moreCosignatures());
        String node = checkpoints.get(0).node();
        // A node's own witness key never vouches for its own log: its operator holds both.
        List<CosignerKey> others = witnessPolicy.witnesses().stream().filter(k -> !k.name().equals(node)).toList();
        return WitnessedCheckpoints.read(CheckpointNote.originOf(node), others, files);
    }

    /** The state of one verification pass. */
    private static final class Run {
        final List<Checkpoint> checkpoints;
        final CheckpointAuthenticator authenticator;
        final Checkpoint trusted;
        final WitnessedCheckpoints witnessed;
        final HashChain chain = new HashChain(null);
        final CompactMerkleTree tree = new CompactMerkleTree();
        LeafHashes sinceCheckpoint = new LeafHashes(0);
        List<CompactMerkleTree.Subtree> frontierAtCheckpoint = List.of();
        byte[] anchoredRoot;
        long anchoredSize;
        java.time.Instant anchoredTime;
        int next;
        VerificationReport.Problem problem;

        Run(List<Checkpoint> checkpoints, CheckpointAuthenticator authenticator, Checkpoint trusted,
            WitnessedCheckpoints witnessed) {
            this.checkpoints = checkpoints;
            this.authenticator = authenticator;
            this.trusted = trusted;
            this.witnessed = witnessed;
        }

        /** The trusted witnesses that cosigned this checkpoint's size and root, with when each first did. */
        Map<String, Instant> witnessesOf(Checkpoint cp) {
            for (WitnessedCheckpoints.Witnessed w : witnessed.at(cp.treeSize())) {
                if (Sha256.toHex(w.root()).equals(cp.rootHash())) {
                    return w.witnesses();
                }
            }
            return Map.of();
        }

        /** Every root witnesses cosigned at the size the records have reached must be the records' own. */
        VerificationReport.Problem checkWitnessed() {
            List<WitnessedCheckpoints.Witnessed> seen = witnessed.at(tree.size());
            if (seen.isEmpty()) {
                return null;
            }
            byte[] root = tree.root();
            for (WitnessedCheckpoints.Witnessed w : seen) {
                if (!java.util.Arrays.equals(w.root(), root)) {
                    return new VerificationReport.Problem(VerificationReport.Where.WITNESSED, tree.size(), "fork: "
                            + w.describe() + ", but records 0.." + (tree.size() - 1) + " of this log give root "
                            + java.util.Base64.getEncoder().encodeToString(root)
                            + ": its history was rewritten after the witnesses saw it");
                }
            }
            return null;
        }

        VerificationReport.Problem checkTrusted() {
            if (trusted == null) {
                return null;
            }
            try {
                authenticator.check(trusted, null);
            } catch (CheckpointInvalidException e) {
                return trustedProblem("the trusted checkpoint itself is not valid: " + e.getMessage());
            }
            return null;
        }

        VerificationReport.Problem trustedProblem(String message) {
            return new VerificationReport.Problem(VerificationReport.Where.TRUSTED, trusted.treeSize(), message);
        }

        boolean record(long index, byte[] data, int offset, int length) {
            byte[] leaf;
            try {
                leaf = chain.accept(data, offset, length);
            } catch (AuditChainBrokenException e) {
                problem = new VerificationReport.Problem(VerificationReport.Where.RECORD, e.recordIndex(),
                        e.getMessage());
                return false;
            }
            tree.append(leaf);
            sinceCheckpoint.add(leaf);
            if (trusted != null && tree.size() == trusted.treeSize()) {
                if (!trusted.node().equals(chain.node())) {
                    problem = trustedProblem("it is " + trusted.node() + "'s, but this log belongs to " + chain.node());
                    return false;
                }
                if (!Sha256.toHex(tree.root()).equals(trusted.rootHash())) {
                    problem = trustedProblem("records 0.." + (tree.size() - 1) + " no longer have its root hash:"
                            + " the log was rewritten since that checkpoint");
                    return false;
                }
            }
            problem = checkWitnessed();
            problem = problem != null ? problem : checkpointsDue();
            return problem == null;
        }

        /** Checks every checkpoint whose tree size the records have now reached. */
        VerificationReport.Problem checkpointsDue() {
            while (next < checkpoints.size()) {
                Checkpoint cp = checkpoints.get(next);
                if (cp.treeSize() <= anchoredSize) {
                    return checkpointProblem("it covers " + cp.treeSize() + " records, no more than the "
                            + anchoredSize + " of the checkpoint before it: the log was rolled back or an old"
                            + " checkpoint replayed");
                }
                if (anchoredTime != null && cp.time().isBefore(anchoredTime)) {
                    return checkpointProblem("it is dated " + cp.time() + ", before the checkpoint before it ("
                            + anchoredTime + "): checkpoints were reordered or one was back-dated");
                }
                if (cp.treeSize() > tree.size()) {
                    return null;
                }
                VerificationReport.Problem p = check(cp);
                if (p != null) {
                    return p;
                }
                next++;
            }
            return null;
        }

        private VerificationReport.Problem check(Checkpoint cp) {
            try {
                authenticator.check(cp, chain.node(), witnessed.earliestCovering(cp.treeSize()).orElse(null));
            } catch (CheckpointInvalidException e) {
                return checkpointProblem(e.getMessage());
            }
            byte[] root = tree.root();
            if (!Sha256.toHex(root).equals(cp.rootHash())) {
                return checkpointProblem("its root hash does not match records 0.." + (cp.treeSize() - 1)
                        + " (the records or the checkpoint were altered)");
            }
            if (anchoredSize > 0) {
                long m = anchoredSize;
                List<CompactMerkleTree.Subtree> frontier = frontierAtCheckpoint;
                LeafHashes recent = sinceCheckpoint;
                SubtreeHasher hasher = (start, end) -> end <= m ? frontierHash(frontier, start, end)
                        : recent.hash(start, end);
                List<byte[]> proof = MerkleProofs.consistencyProof(m, cp.treeSize(), hasher);
                if (!MerkleProofs.verifyConsistency(m, cp.treeSize(), anchoredRoot, root, proof)) {
                    return checkpointProblem("it is not consistent with checkpoint " + (next - 1)
                            + ": the tree of " + m + " records is not a prefix of it");
                }
            }
            anchoredSize = cp.treeSize();
            anchoredRoot = root;
            anchoredTime = cp.time();
            frontierAtCheckpoint = tree.frontier();
            sinceCheckpoint = new LeafHashes(anchoredSize);
            return null;
        }

        private static byte[] frontierHash(List<CompactMerkleTree.Subtree> frontier, long start, long end) {
            for (CompactMerkleTree.Subtree s : frontier) {
                if (s.start() == start && s.end() == end) {
                    return s.hash();
                }
            }
            throw new IllegalStateException("a consistency proof asked for [" + start + ", " + end
                    + ") which is not on the old tree's frontier");
        }

        private VerificationReport.Problem checkpointProblem(String message) {
            return new VerificationReport.Problem(VerificationReport.Where.CHECKPOINT, next, message);
        }
    }
}
