package eu.bus.timeline;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.audit.AuditRecordCodec;
import eu.bus.audit.LogLayout;
import eu.bus.audit.RecordReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One case across several nodes' audit logs: every exchange in time order (sent, received, opened, delivered,
 * forwarded, receipted, refused) and the gaps between the logs. Which nodes a message was for, and which message a
 * receipt answers, come from the records' reasons as the gateways write them ({@code for A, B},
 * {@code receipt from A for ID}, {@code receipt for ID to B}).
 */
public final class CaseTimeline {

    private static final Pattern RECIPIENTS = Pattern.compile("^(?:again )?for ([A-Z0-9, -]+?)(?::.*)?$");
    private static final Pattern RECEIPT_FROM = Pattern.compile("^receipt from ([A-Z0-9-]+) for ([0-9a-f-]{36})");
    private static final Pattern RECEIPT_SENT = Pattern.compile("^(?:negative )?receipt for ([0-9a-f-]{36}) to ([A-Z0-9-]+)");
    /** Events of a case's own messages shown on the timeline (a receipt shows as RECEIPTED at its sender, or as SENT). */
    private static final Set<AuditEvent> SHOWN = Set.of(AuditEvent.SENT, AuditEvent.RECEIVED, AuditEvent.OPENED,
            AuditEvent.DELIVERED, AuditEvent.FORWARDED, AuditEvent.RECEIPTED, AuditEvent.REJECTED, AuditEvent.DEAD_LETTERED,
            AuditEvent.QUEUED, AuditEvent.EXPIRED, AuditEvent.RESUBMITTED);

    /** The timeline, the gaps, and whose logs were read. */
    public record Result(List<TimelineEntry> entries, List<TimelineGap> gaps, List<String> nodes) {
    }

    private CaseTimeline() {
    }

    /**
     * @param logs audit directories, or directories holding them one level down ({@code nodes/} with
     *             {@code NODE/audit/}): every log found is read
     */
    public static Result of(String caseId, List<Path> logs) {
        List<AuditRecord> records = new ArrayList<>();
        Set<String> nodes = new LinkedHashSet<>();
        for (Path log : auditDirectories(logs)) {
            RecordReader.Result read = RecordReader.read(new LogLayout(log), (i, data, offset, length) -> {
                AuditRecord record = AuditRecordCodec.decode(data, offset, length);
                nodes.add(record.node());
                if (caseId.equals(record.caseId())) {
                    records.add(record);
                }
                return true;
            }, RecordReader.Progress.NONE);
            if (read.damage() != null) {
                throw new IllegalArgumentException(log + " is damaged at record " + read.damage().recordIndex()
                        + ": verify it (bus audit verify) before reading its timeline");
            }
        }
        records.sort(Comparator.comparing(AuditRecord::time).thenComparing(AuditRecord::node));
        List<TimelineEntry> entries = new ArrayList<>();
        for (AuditRecord r : records) {
            boolean receipt = "DELIVERY_RECEIPT".equals(r.messageType());
            if (SHOWN.contains(r.event()) && !(receipt && (r.event() == AuditEvent.RECEIVED || r.event() == AuditEvent.OPENED))) {
                entries.add(new TimelineEntry(r.time(), r.node(), r.event(), r.messageType(), r.messageId(), r.reason()));
            }
        }
        return new Result(entries, gaps(records, nodes), List.copyOf(nodes));
    }

    /** Per message of the case: its sender and recipients (from PROTECTED), then what each recipient's log and the sender's show. */
    private static List<TimelineGap> gaps(List<AuditRecord> records, Set<String> nodes) {
        Map<UUID, AuditRecord> protectedBy = new LinkedHashMap<>();
        Map<UUID, Set<String>> recipients = new LinkedHashMap<>();
        Set<String> received = new LinkedHashSet<>();   // "id|node"
        Set<String> receiptSent = new LinkedHashSet<>(); // "id|node that sent the receipt"
        Set<String> receipted = new LinkedHashSet<>();   // "id|node the receipt came from"
        for (AuditRecord r : records) {
            String reason = r.reason() == null ? "" : r.reason();
            if (r.event() == AuditEvent.PROTECTED && r.messageId() != null && !"DELIVERY_RECEIPT".equals(r.messageType())) {
                Matcher m = RECIPIENTS.matcher(reason);
                if (m.matches()) {
                    protectedBy.putIfAbsent(r.messageId(), r);
                    for (String recipient : m.group(1).split(", ")) {
                        recipients.computeIfAbsent(r.messageId(), id -> new LinkedHashSet<>()).add(recipient.strip());
                    }
                }
            } else if (r.event() == AuditEvent.RECEIVED && r.messageId() != null) {
                received.add(r.messageId() + "|" + r.node());
            } else if (r.event() == AuditEvent.SENT && "DELIVERY_RECEIPT".equals(r.messageType())) {
                Matcher m = RECEIPT_SENT.matcher(reason);
                if (m.find()) {
                    receiptSent.add(m.group(1) + "|" + r.node());
                }
            } else if (r.event() == AuditEvent.RECEIPTED) {
                Matcher m = RECEIPT_FROM.matcher(reason);
                if (m.find()) {
                    receipted.add(m.group(2) + "|" + m.group(1));
                }
            }
        }
        List<TimelineGap> gaps = new ArrayList<>();
        for (Map.Entry<UUID, Set<String>> message : recipients.entrySet()) {
            AuditRecord sent = protectedBy.get(message.getKey());
            String sender = sent.node();
            for (String recipient : message.getValue()) {
                String key = message.getKey() + "|" + recipient;
                boolean recipientLog = nodes.contains(recipient);
                if (recipientLog && !received.contains(key)) {
                    gaps.add(new TimelineGap(message.getKey(), sent.messageType(), sender, recipient,
                            "sent to " + recipient + " but never received (not in " + recipient + "'s log)"));
                } else if (recipientLog && !receiptSent.contains(key)) {
                    gaps.add(new TimelineGap(message.getKey(), sent.messageType(), sender, recipient,
                            "received by " + recipient + " but never receipted (" + recipient + " sent no receipt for it)"));
                } else if (!receipted.contains(key)) {
                    gaps.add(new TimelineGap(message.getKey(), sent.messageType(), sender, recipient, recipientLog
                            ? "receipted by " + recipient + " but the receipt never reached " + sender
                            : "no receipt from " + recipient + " reached " + sender + " (" + recipient + "'s log not given)"));
                }
            }
        }
        return gaps;
    }

    private static List<Path> auditDirectories(List<Path> given) {
        List<Path> out = new ArrayList<>();
        for (Path path : given) {
            if (Files.isDirectory(path.resolve("segments"))) {
                out.add(path);
                continue;
            }
            List<Path> found = new ArrayList<>();
            try (var children = Files.list(path)) {
                for (Path child : children.sorted().toList()) {
                    if (Files.isDirectory(child.resolve("audit").resolve("segments"))) {
                        found.add(child.resolve("audit"));
                    } else if (Files.isDirectory(child.resolve("segments"))) {
                        found.add(child);
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalArgumentException("cannot read " + path + ": " + e.getMessage());
            }
            if (found.isEmpty()) {
                throw new IllegalArgumentException(path + " is no audit directory and holds none (NODE/audit/ or NODE/segments/)");
            }
            out.addAll(found);
        }
        return out;
    }
}
