package eu.bus.cli;

import eu.bus.replay.ReplayScope;
import picocli.CommandLine.Option;

/** Which received messages an audit command takes: one case or all, received within a time range or any time. */
final class ScopeOptions {

    @Option(names = "--case", paramLabel = "CASE_ID", description = "Only the messages of this case.")
    String caseId;

    @Option(names = "--from", paramLabel = "TIME", description = "Only messages received at or after this date or UTC time.")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "Only messages received before this date or UTC time.")
    String to;

    ReplayScope scope() {
        try {
            return new ReplayScope(caseId, from == null ? null : AuditCommand.parseTime(from), to == null ? null : AuditCommand.parseTime(to));
        } catch (IllegalArgumentException e) {
            throw new AuditCommand.InvalidInput(e.getMessage());
        }
    }
}
