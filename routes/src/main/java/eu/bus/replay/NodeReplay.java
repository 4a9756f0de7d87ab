package eu.bus.replay;

import eu.bus.audit.AuditEntry;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditOutcome;
import eu.bus.audit.RecordReader;
import java.util.ArrayList;
import java.util.List;

/**
 * Replays what one node received and audits it in that node's own log: one REPLAYED record per message (who,
 * why, which copy, and whether it reproduced what the log recorded), durable before its content is written out
 * ({@link AuditedRelease}).
 * The log has one writer: the node must be stopped.
 */
public final class NodeReplay {

    private final String node;
    private final ArchiveReplay replay;
    private final AuditLog log;
    private final ReplaySink sink;
    private final String user;
    private final String purpose;

    /** @param sink where the replayed messages go for a reprocessing system, or null for a report only */
    public NodeReplay(String node, ArchiveReplay replay, AuditLog log, ReplaySink sink, String user, String purpose) {
        this.node = node;
        this.replay = replay;
        this.log = log;
        this.sink = sink;
        this.user = user;
        this.purpose = purpose;
    }

    public ReplayReport run(List<RecordedReception> received, ReplayScope scope, String schemas, RecordReader.Progress progress) {
        List<ReplayedMessage> messages = new ArrayList<>(received.size());
        AuditedRelease<ArchiveReplay.Outcome> release = new AuditedRelease<>(log, o -> entry(o.message()), o -> {
            if (sink != null && o.opened() != null) {
                sink.write(o);
            }
            messages.add(o.message());
        }, sink == null ? () -> { } : sink::flush);
        for (RecordedReception r : received) {
            release.add(replay.replay(r));
            progress.bytesRead(release.count(), received.size());
        }
        release.flush();
        progress.bytesRead(received.size(), received.size());
        return new ReplayReport(node, scope, messages, schemas);
    }

    private AuditEntry entry(ReplayedMessage m) {
        RecordedReception r = m.recorded();
        String what = "replay of the copy received at " + r.receivedAt() + " (record " + r.sequence() + "): " + m.verdict()
                + (m.reproduced() ? ", as the log recorded" : "; differs: " + String.join("; ", m.differences()))
                + (sink == null || m.verdict() != ReplayedMessage.Verdict.ACCEPTED ? "" : "; handed to reprocessing");
        return AuditEntry.of(AuditEvent.REPLAYED).messageId(r.messageId()).messageType(r.messageType()).caseId(r.caseId())
                .digest(r.digest()).user(user).purpose(purpose).reason(what)
                .outcome(m.reproduced() ? AuditOutcome.SUCCESS : AuditOutcome.FAILURE).build();
    }
}
