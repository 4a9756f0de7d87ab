package eu.bus.replay;

import java.time.Instant;

/**
 * Which received messages a replay takes: of one case or all, received in [from, to) or any time.
 *
 * @param caseId null for every case
 * @param from   null for the beginning of the log
 * @param to     null for its end (exclusive)
 */
public record ReplayScope(String caseId, Instant from, Instant to) {

    public static final ReplayScope ALL = new ReplayScope(null, null, null);

    public ReplayScope {
        if (from != null && to != null && !to.isAfter(from)) {
            throw new IllegalArgumentException("--to " + to + " is not after --from " + from + ": nothing would be replayed");
        }
    }

    boolean includes(String messageCase, Instant receivedAt) {
        return (caseId == null || caseId.equals(messageCase))
                && (from == null || !receivedAt.isBefore(from))
                && (to == null || receivedAt.isBefore(to));
    }

    /** "case CASE-2026-000123, received from ... to ...", or "every message". */
    public String describe() {
        StringBuilder s = new StringBuilder(caseId == null ? "every case" : "case " + caseId);
        if (from != null) {
            s.append(", received from ").append(from);
        }
        if (to != null) {
            s.append(from == null ? ", received before " : " to ").append(to);
        }
        return s.toString();
    }
}
