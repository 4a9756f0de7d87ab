package eu.bus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import eu.bus.stats.StatsInput;
import eu.bus.timeline.CaseTimeline;
import eu.bus.timeline.MissedDeadlines;
import eu.bus.timeline.TimelineEntry;
import eu.bus.timeline.TimelineGap;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "timeline", mixinStandardHelpOptions = true,
        description = {"Merges several nodes' audit logs into one cross-border timeline of a case: who sent what to whom,"
                + " received, opened, delivered, forwarded, receipted or refused it, in time order; then the gaps: a copy"
                + " sent and never received, a message received and never receipted, a receipt that never reached its"
                + " sender (as far as the logs given show).",
                "A table for people, or JSON lines (--json) for machines. Does not verify the logs: run 'bus audit"
                        + " verify' on each first. Exit 0, or 3 when a log is damaged."},
        footer = {"", "Examples:", "  bus audit timeline --case CASE-2026-000123 --logs bus-data/nodes",
                "  bus audit timeline --case CASE-2026-000123 --logs nl/audit --logs be/audit --json"})
final class AuditTimelineCommand extends AuditCommand.Subcommand {

    private static final String ROW = "%-30s %-9s %-13s %-21s %-8s %s%n";

    @Option(names = "--case", required = true, paramLabel = "ID", description = "The case, e.g. CASE-2026-000123.")
    String caseId;

    @Option(names = "--logs", required = true, arity = "1..*", paramLabel = "DIR",
            description = "Audit directories (NODE/audit), or a directory holding them (bus-data/nodes); repeatable.")
    List<Path> logs;

    @Option(names = "--messages", arity = "1..*", paramLabel = "DIR",
            description = "Message documents of the case (what its case systems received, or what bus audit replay or"
                    + " open-grant wrote): adds the assistance requests whose deadline passed without a response, or that"
                    + " were answered late (deadlines and responses are in the messages, not in the logs).")
    List<Path> messages = new ArrayList<>();

    @Option(names = "--json", description = "JSON lines: one per step, then one per gap (\"gap\": ...).")
    boolean json;

    @Override
    int execute() {
        CaseTimeline.Result timeline;
        try {
            timeline = CaseTimeline.of(caseId, logs);
        } catch (IllegalArgumentException e) {
            return fail(ExitCodes.VERIFICATION_FAILED, e.getMessage());
        }
        if (!messages.isEmpty()) {
            List<TimelineGap> gaps = new ArrayList<>(timeline.gaps());
            gaps.addAll(MissedDeadlines.of(caseId, documents(), Instant.now()));
            timeline = new CaseTimeline.Result(timeline.entries(), gaps, timeline.nodes());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            timeline.entries().forEach(e -> out.println(json(e)));
            timeline.gaps().forEach(g -> out.println(json(g)));
            return ExitCodes.OK;
        }
        out.println("Case " + caseId + " in the logs of " + String.join(", ", timeline.nodes()) + ": "
                + timeline.entries().size() + " steps");
        out.printf(ROW, "TIME", "NODE", "EVENT", "TYPE", "MESSAGE", "DETAIL");
        for (TimelineEntry e : timeline.entries()) {
            out.printf(ROW, e.time(), e.node(), e.event(), e.messageType() == null ? "-" : e.messageType(),
                    e.messageId() == null ? "-" : e.messageId().toString().substring(0, 8), e.detail() == null ? "" : e.detail());
        }
        out.println();
        if (timeline.gaps().isEmpty()) {
            out.println("No gaps: every copy sent to a node whose log was given was received and receipted.");
        } else {
            out.println(timeline.gaps().size() + " gap(s):");
            for (TimelineGap g : timeline.gaps()) {
                out.println("  " + g.messageType() + " " + g.messageId() + " from " + g.sender() + ": " + g.what());
            }
        }
        return ExitCodes.OK;
    }

    /** The documents under --messages; a file that is not JSON is left out (bus stats reads the same way). */
    private List<JsonNode> documents() {
        List<JsonNode> documents = new ArrayList<>();
        for (Path file : StatsInput.files(messages)) {
            try {
                documents.add(Json.mapper().readTree(file.toFile()));
            } catch (java.io.IOException e) {
                spec.commandLine().getErr().println("bus audit timeline: " + file + " is not JSON; left out");
            }
        }
        return documents;
    }

    private static String json(TimelineEntry e) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("time", e.time().toString()).put("node", e.node()).put("event", e.event().name())
                .put("messageType", e.messageType()).put("messageId", e.messageId() == null ? null : e.messageId().toString())
                .put("detail", e.detail());
        return node.toString();
    }

    private static String json(TimelineGap g) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("gap", g.what()).put("messageId", g.messageId().toString()).put("messageType", g.messageType())
                .put("sender", g.sender()).put("recipient", g.recipient());
        return node.toString();
    }
}
