package eu.bus.replay;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import java.io.PrintWriter;
import java.util.List;

/** What a replay found, message by message in the log's order: a table for people, JSON lines for machines. */
public record ReplayReport(String node, ReplayScope scope, List<ReplayedMessage> messages, String schemas) {

    public ReplayReport {
        messages = List.copyOf(messages);
    }

    public long differences() {
        return messages.stream().filter(m -> !m.reproduced()).count();
    }

    public long refusedByNewerSchema() {
        return messages.stream().filter(ReplayedMessage::refusedByNewerSchema).count();
    }

    /** One line per message, then the count; differences and what the newer schemas refuse are spelled out. */
    public void printTable(PrintWriter out) {
        out.printf("%-6s %-36s %-22s %-20s %-9s %-22s %s%n", "SEQ", "MESSAGE", "TYPE", "RECORDED", "REPLAY", "SCHEMA",
                "DIFFERENCE");
        for (ReplayedMessage m : messages) {
            RecordedReception r = m.recorded();
            out.printf("%-6d %-36s %-22s %-20s %-9s %-22s %s%n", r.sequence(), r.messageId(), r.messageType(),
                    r.outcome() + (r.refusalCode() == null ? "" : " " + r.refusalCode()), m.verdict(), schemaColumn(m),
                    m.reproduced() ? "-" : String.join("; ", m.differences()));
            if (m.refusedByNewerSchema()) {
                out.printf("       under %s %s: %s%n", r.messageType(), m.currentVersion(), m.currentError());
            }
        }
        out.println(summary());
    }

    /** JSON lines: one object per message, then one {"summary": ...}. */
    public void printJson(PrintWriter out) {
        for (ReplayedMessage m : messages) {
            RecordedReception r = m.recorded();
            ObjectNode line = Json.mapper().createObjectNode();
            line.put("sequence", r.sequence()).put("messageId", r.messageId().toString()).put("messageType", r.messageType())
                    .put("caseId", r.caseId()).put("receivedAt", r.receivedAt().toString()).put("digest", r.digest())
                    .put("recorded", r.outcome().name()).put("recordedReason", r.reason()).put("replay", m.verdict().name())
                    .put("refusal", m.why()).put("pinnedVersion", m.pinnedVersion()).put("currentVersion", m.currentVersion())
                    .put("validUnderCurrent", m.currentValid()).put("currentError", m.currentError())
                    .put("reproduced", m.reproduced());
            m.differences().forEach(line.putArray("differences")::add);
            out.println(line);
        }
        ObjectNode summary = Json.mapper().createObjectNode();
        summary.putObject("summary").put("node", node).put("scope", scope.describe()).put("replayed", messages.size())
                .put("differences", differences()).put("refusedByNewerSchema", refusedByNewerSchema()).put("schemas", schemas);
        out.println(summary);
    }

    public String summary() {
        long differences = differences();
        return (differences == 0 ? "OK: " : "DIFFERENCES: ") + messages.size() + " message(s) received by " + node + " replayed ("
                + scope.describe() + "); " + (differences == 0 ? "each reproduces what the log recorded"
                : differences + " differ from what the log recorded") + "; " + refusedByNewerSchema()
                + " valid under the version they claimed would be refused by the newest schema version in " + schemas;
    }

    private static String schemaColumn(ReplayedMessage m) {
        if (m.pinnedVersion() == null) {
            return "-";
        }
        if (m.currentVersion() == null || m.currentVersion().equals(m.pinnedVersion())) {
            return m.pinnedVersion();
        }
        return m.pinnedVersion() + (m.verdict() == ReplayedMessage.Verdict.ACCEPTED ? " ok" : "")
                + ", " + m.currentVersion() + (m.currentValid() ? " ok" : " REFUSED");
    }
}
