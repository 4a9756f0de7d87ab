package eu.bus.audit;

/**
 * What the verifier found: counts, and the first problem if any.
 *
 * @param anchoredRecords  records covered by the last valid checkpoint; those after it are chained
 *                         but not yet signed, so their removal from the end could not be detected
 * @param latestCheckpoint the last checkpoint verified, null if none: an auditor keeps it and gives it
 *                         back next time ({@code --trusted-checkpoint}) to catch a rewritten log
 * @param revocation       whether checkpoint certificates were checked for revocation, and against which CRL
 * @param witnessing       whether witness cosignatures were checked, and who cosigned the latest checkpoint
 */
public record VerificationReport(
        String node,
        long records,
        int segments,
        int checkpoints,
        long anchoredRecords,
        Checkpoint latestCheckpoint,
        Problem problem,
        String revocation,
        String witnessing) {

    /**
     * TRUSTED: the checkpoint the auditor kept from an earlier run; WITNESSED: a checkpoint witnesses cosigned (the
     * index of both is its tree size).
     */
    public enum Where { RECORD, CHECKPOINT, TRUSTED, WITNESSED }

    /** The first thing wrong: a record or checkpoint index (from 0) and what is wrong with it. */
    public record Problem(Where where, long index, String message) {
    }

    public boolean ok() {
        return problem == null;
    }

    public String summary() {
        if (!ok()) {
            return (switch (problem.where()) {
                case TRUSTED -> "FAILED against the trusted checkpoint of " + problem.index() + " records: ";
                case WITNESSED -> "FAILED against the witnessed checkpoint of " + problem.index() + " records: ";
                default -> "FAILED at " + problem.where().name().toLowerCase() + " " + problem.index() + ": ";
            }) + problem.message();
        }
        String s = "OK: " + records + " records in " + segments + " segment(s)"
                + (node == null ? "" : " from " + node) + "; chain intact; " + checkpoints
                + " checkpoint(s) verified (signature, certificate, Merkle root, consistency with the previous one)";
        long unanchored = records - anchoredRecords;
        s = unanchored == 0 ? s : s + "; the last " + unanchored
                + " record(s) are chained but not yet covered by a signed checkpoint";
        return s + "; " + revocation + "; " + witnessing;
    }
}
