package eu.bus.replay;

import java.util.List;

/**
 * One received copy replayed: what the log recorded, what the replay found, and every difference between them.
 *
 * @param verdict        ACCEPTED when the archived body opened, verified and validated under its pinned version;
 *                       otherwise REFUSED, with {@code why}
 * @param why            why it was refused (redacted: never the content), or null
 * @param pinnedVersion  the payload schema version the message claimed
 * @param currentVersion the newest version of its type in the schemas replayed against, or null if they have none
 * @param currentValid   whether its payload validates under {@code currentVersion} (false when it did not open)
 * @param currentError   the first error under {@code currentVersion} (redacted), or null
 * @param differences    each way the replay differs from the log; empty when it reproduces what the log recorded
 */
public record ReplayedMessage(RecordedReception recorded, Verdict verdict, String why, String pinnedVersion,
                              String currentVersion, boolean currentValid, String currentError, List<String> differences) {

    public enum Verdict { ACCEPTED, REFUSED }

    public ReplayedMessage {
        differences = List.copyOf(differences);
    }

    /** Valid under the version it claimed but not under the newest one: a schema change would refuse it. */
    public boolean refusedByNewerSchema() {
        return verdict == Verdict.ACCEPTED && !currentValid && currentVersion != null && !currentVersion.equals(pinnedVersion);
    }

    public boolean reproduced() {
        return differences.isEmpty();
    }
}
