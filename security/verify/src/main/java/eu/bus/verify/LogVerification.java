package eu.bus.verify;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * One node's audit log verified from its files alone: records and chain, every checkpoint (against the records'
 * root at its size), the witnesses' cosignatures (no fork from what they saw, enough of them on the latest
 * checkpoint) and, when given, the archive against the log. Stops at the first problem.
 */
final class LogVerification {

    /**
     * @param archive the node's message archive to cross-check, or null
     */
    record Settings(Path log, Trust trust, List<WitnessKey> witnesses, int required, List<Path> moreCosignatures, Path archive) {
    }

    record Result(String node, long records, int checkpoints, int archivedBodies, Problem problem, String witnessing) {

        boolean ok() {
            return problem == null;
        }

        String summary(Trust trust) {
            if (!ok()) {
                return problem.describe();
            }
            return "OK: " + records + " records" + (node == null ? "" : " from " + node) + "; chain intact; " + checkpoints
                    + " checkpoint(s) verified; " + trust.describe() + "; " + witnessing
                    + (archivedBodies < 0 ? "; archive not checked" : "; archive matches the log (" + archivedBodies + " bodies)");
        }
    }

    private LogVerification() {
    }

    static Result run(Settings settings) throws IOException {
        Path checkpointFile = settings.log().resolve("checkpoints.log");
        Frames.Read checkpointFrames = Files.exists(checkpointFile) ? Frames.read(checkpointFile) : new Frames.Read(List.of(), null);
        List<JsonNode> checkpoints = new ArrayList<>();
        String unreadable = checkpointFrames.problem();
        for (byte[] frame : checkpointFrames.payloads()) {
            try {
                checkpoints.add(Json.object(frame));
            } catch (IOException e) {
                unreadable = "is unreadable: " + e.getMessage().lines().findFirst().orElse("");
                break;
            }
        }
        String origin = checkpoints.isEmpty() ? null : "bus/audit/" + Json.text(checkpoints.get(0), "node");
        List<Path> cosignatureFiles = new ArrayList<>(List.of(settings.log().resolve("cosignatures.log")));
        cosignatureFiles.addAll(settings.moreCosignatures());
        Witnessed witnessed = origin == null ? Witnessed.read("", List.of(), List.of())
                : Witnessed.read(origin, settings.witnesses().stream() // a node's own witness key never vouches for its own log
                        .filter(k -> !origin.equals("bus/audit/" + k.name())).toList(), cosignatureFiles);
        Run run = new Run(checkpoints, new CheckpointCheck(settings.trust(), witnessed), witnessed);
        ArchiveCheck archive = new ArchiveCheck();
        String node = null;
        try {
            run.due();
            node = RecordWalk.walk(settings.log(), (index, leaf, record) -> {
                run.record(leaf, Json.text(record, "node"));
                archive.record(index, record);
            });
            run.end(unreadable);
            String witnessing = run.witnessing(settings);
            if (settings.archive() != null) {
                archive.check(settings.archive());
            }
            return new Result(node, run.tree.size(), run.next, settings.archive() == null ? -1 : archive.bodies(), null, witnessing);
        } catch (Problem.Found found) {
            return new Result(node, run.tree.size(), run.next, -1, found.problem, null);
        }
    }

    /** The state of one pass. */
    private static final class Run {
        final List<JsonNode> checkpoints;
        final CheckpointCheck check;
        final Witnessed witnessed;
        final Rfc6962.Tree tree = new Rfc6962.Tree();
        /** The log's node, from its records. */
        String node;
        int next;
        long anchoredSize;
        Instant anchoredTime;

        Run(List<JsonNode> checkpoints, CheckpointCheck check, Witnessed witnessed) {
            this.checkpoints = checkpoints;
            this.check = check;
            this.witnessed = witnessed;
        }

        void record(byte[] leaf, String recordNode) throws Problem.Found {
            node = recordNode; // the same for every record: the walk refuses another
            tree.add(leaf);
            List<Witnessed.Root> seen = witnessed.at(tree.size());
            if (!seen.isEmpty()) {
                String root = Base64.getEncoder().encodeToString(tree.root());
                for (Witnessed.Root r : seen) {
                    if (!r.rootBase64().equals(root)) {
                        throw new Problem.Found(Problem.Where.WITNESSED, tree.size(), "fork: " + r.describe() + ", but records 0.."
                                + (tree.size() - 1) + " of this log give root " + root + ": its history was rewritten after the"
                                + " witnesses saw it");
                    }
                }
            }
            due();
        }

        /** Checks every checkpoint the records have reached; refuses one that goes back in size or time at once. */
        void due() throws Problem.Found {
            while (next < checkpoints.size()) {
                JsonNode cp = checkpoints.get(next);
                CheckpointCheck.Facts facts = CheckpointCheck.facts(next, cp);
                if (facts.size() <= anchoredSize) {
                    throw new Problem.Found(Problem.Where.CHECKPOINT, next, "it covers " + facts.size() + " records, no more"
                            + " than the " + anchoredSize + " of the checkpoint before it: the log was rolled back or an old"
                            + " checkpoint replayed");
                }
                if (anchoredTime != null && facts.time().isBefore(anchoredTime)) {
                    throw new Problem.Found(Problem.Where.CHECKPOINT, next, "it is dated " + facts.time()
                            + ", before the checkpoint before it (" + anchoredTime + "): checkpoints were reordered or one was back-dated");
                }
                if (facts.size() > tree.size()) {
                    return;
                }
                check.check(next, cp, facts, node, tree.root());
                anchoredSize = facts.size();
                anchoredTime = facts.time();
                next++;
            }
        }

        void end(String unreadableCheckpoint) throws Problem.Found {
            if (unreadableCheckpoint != null) {
                throw new Problem.Found(Problem.Where.CHECKPOINT, checkpoints.size(), "it " + unreadableCheckpoint);
            }
            if (next < checkpoints.size()) {
                throw new Problem.Found(Problem.Where.CHECKPOINT, next, "it covers " + CheckpointCheck.facts(next, checkpoints.get(next)).size()
                        + " records but the log holds only " + tree.size() + ": records from " + tree.size() + " on were removed");
            }
            if (witnessed.largestSize() > tree.size()) {
                throw new Problem.Found(Problem.Where.WITNESSED, witnessed.largestSize(), witnessed.at(witnessed.largestSize()).get(0)
                        .describe() + ", but the log holds only " + tree.size() + " records: it was cut or replaced after they saw it");
            }
        }

        String witnessing(Settings settings) throws Problem.Found {
            if (settings.witnesses().isEmpty()) {
                return "witness cosignatures NOT checked (no witness keys given)";
            }
            if (next == 0) {
                if (settings.required() > 0) {
                    throw new Problem.Found(Problem.Where.CHECKPOINT, 0, "the log has no checkpoint, so no witness cosigned any of it");
                }
                return "no checkpoint to be cosigned";
            }
            Map<String, Instant> who = check.witnessesOf(CheckpointCheck.facts(next - 1, checkpoints.get(next - 1)));
            if (who.size() < settings.required()) {
                throw new Problem.Found(Problem.Where.CHECKPOINT, next - 1, "it is cosigned by " + who.size() + " trusted witness(es)"
                        + (who.isEmpty() ? "" : " (" + String.join(", ", who.keySet()) + ")") + ", fewer than the "
                        + settings.required() + " required: its records rest on " + node + "'s own signature");
            }
            return "latest checkpoint cosigned by " + (who.isEmpty() ? "no trusted witness" : String.join(", ", who.keySet()))
                    + " (" + settings.required() + " required)";
        }
    }
}
