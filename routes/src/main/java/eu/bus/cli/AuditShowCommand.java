package eu.bus.cli;

import eu.bus.audit.AuditRecord;
import eu.bus.audit.AuditRecordCodec;
import eu.bus.audit.LogLayout;
import eu.bus.audit.RecordReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Prints audit records as a table, or as JSON lines (the exact stored bytes) with --json.",
                "Does not verify; use 'bus audit verify' for that. Exit 3 if the log is unreadable part-way."},
        footer = {"", "Example:", "  bus audit show bus-data/nodes/NL-NMT/audit --case CASE-2026-000123"})
final class AuditShowCommand extends AuditCommand.Subcommand {

    private static final String ROW = "%-7s %-30s %-14s %-7s %-21s %-36s %-17s %-12s %s%n";

    @Parameters(index = "0", paramLabel = "DIR", description = "The node's audit directory.")
    Path dir;

    @Option(names = "--case", paramLabel = "ID", description = "Only records of this case.")
    String caseId;

    @Option(names = "--message", paramLabel = "ID", description = "Only records of this message id.")
    UUID messageId;

    @Option(names = "--since", paramLabel = "T", description = "Only records at or after T (2026-01-31 or 2026-01-31T12:00:00Z).")
    String since;

    @Option(names = "--json", description = "One JSON record per line instead of a table.")
    boolean json;

    @Override
    int execute() {
        Instant from = since == null ? null : AuditCommand.parseTime(since);
        PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.printf(ROW, "SEQ", "TIME", "EVENT", "OUTCOME", "TYPE", "MESSAGE", "CASE", "DIGEST", "USER / REASON");
        }
        String[] unreadable = new String[1];
        RecordReader.Result read = RecordReader.read(new LogLayout(existingLog(dir)), (i, data, off, len) -> {
            AuditRecord r;
            try {
                r = AuditRecordCodec.decode(data, off, len);
            } catch (IllegalArgumentException e) {
                unreadable[0] = "record " + i + " is " + e.getMessage();
                return false;
            }
            if (matches(r, from)) {
                if (json) {
                    out.println(new String(data, off, len, StandardCharsets.UTF_8));
                } else {
                    out.printf(ROW, r.sequence(), r.time(), r.event(), r.outcome(), dash(r.messageType()),
                            r.messageId() == null ? "-" : r.messageId(), dash(r.caseId()),
                            r.digest() == null ? "-" : r.digest().substring(0, 12),
                            join(r.user(), r.reason()));
                }
            }
            return true;
        }, RecordReader.Progress.NONE);
        if (unreadable[0] != null) {
            return fail(ExitCodes.VERIFICATION_FAILED, "stopped: " + unreadable[0]);
        }
        if (read.damage() != null) {
            return fail(ExitCodes.VERIFICATION_FAILED, "stopped: " + read.damage().describe());
        }
        return ExitCodes.OK;
    }

    private boolean matches(AuditRecord r, Instant from) {
        return (caseId == null || caseId.equals(r.caseId()))
                && (messageId == null || messageId.equals(r.messageId()))
                && (from == null || !r.time().isBefore(from));
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private static String join(String user, String reason) {
        if (user == null && reason == null) {
            return "-";
        }
        return user == null ? reason : reason == null ? user : user + " / " + reason;
    }
}
