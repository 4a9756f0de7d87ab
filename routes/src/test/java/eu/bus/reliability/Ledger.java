package eu.bus.reliability;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.audit.AuditRecordCodec;
import eu.bus.audit.LogLayout;
import eu.bus.audit.RecordReader;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.StatusStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The end count of a scenario, from what the bus answered and what the recipient has on disk.
 * <ul>
 *   <li>accepted: the ids the bus answered OK to (the submitter's word);</li>
 *   <li>delivered: accepted ids in the recipient's delivered directory (the case system's word);</li>
 *   <li>delivered twice: more than one DELIVERED audit record for one id at the recipient (the case system got it again);
 *       a redelivered copy the node recognised as delivered already is a duplicate removed instead;</li>
 *   <li>duplicates removed: a copy of a delivered id that the recipient's replay protection dead-lettered as a duplicate;</li>
 *   <li>dead-lettered: accepted ids never delivered but dead-lettered by the recipient, counted per reason;</li>
 *   <li>lost: accepted ids neither delivered nor dead-lettered; must be 0, so delivered + dead-lettered = accepted.</li>
 * </ul>
 * Also counted, not errors in themselves: submissions the bus refused (the submitter was told; the scenario
 * submits that number again) and refused ids that arrived anyway (the broker had stored them when the answer failed).
 */
final class Ledger {

    /** The line's start, so every scenario's count is found in the test output and quoted in docs/RELIABILITY.md. */
    static final String PREFIX = "LEDGER ";

    private final String scenario;
    private final NumberedMessages messages;
    private final Map<UUID, Integer> accepted = new ConcurrentHashMap<>();
    private final Map<UUID, Integer> refused = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();

    Ledger(String scenario, NumberedMessages messages) {
        this.scenario = scenario;
        this.messages = messages;
    }

    NumberedMessages messages() {
        return messages;
    }

    void accepted(int sequence, UUID id) {
        accepted.put(id, sequence);
    }

    /** The bus answered an error: not accepted. The reason is kept in short (its first clause) for the line. */
    void refused(int sequence, UUID id, String reason) {
        refused.put(id, sequence);
        String shortReason = reason == null ? "no reason" : reason.split("[:;]")[0];
        refusals.computeIfAbsent(shortReason, r -> new AtomicInteger()).incrementAndGet();
    }

    int acceptedCount() {
        return accepted.size();
    }

    Set<UUID> acceptedIds() {
        return Set.copyOf(accepted.keySet());
    }

    /** Counts what the recipient has now (its delivered directory and audit log; the node may still run). */
    Count count(BusLayout layout) {
        Set<UUID> deliveredFiles = deliveredIds(layout.delivered(messages.recipient()));
        RecipientAudit audit = RecipientAudit.read(layout.audit(messages.recipient()));
        int delivered = 0;
        int deliveredTwice = 0;
        int duplicatesRemoved = 0;
        Map<String, Integer> deadLettered = new TreeMap<>();
        SortedSet<Integer> lost = new TreeSet<>();
        Map<Integer, String> unusual = new TreeMap<>();
        for (Map.Entry<UUID, Integer> a : accepted.entrySet()) {
            UUID id = a.getKey();
            String deadLetter = audit.deadLetterReasons().get(id);
            int deliveries = audit.deliveries().getOrDefault(id, 0);
            if (deliveredFiles.contains(id)) {
                delivered++;
                deliveredTwice += Math.max(0, deliveries - 1);
                if (deadLetter != null && deadLetter.startsWith("duplicate")) {
                    duplicatesRemoved++;
                }
                duplicatesRemoved += audit.recognised().getOrDefault(id, 0);
                if (deliveries != 1 || deadLetter != null) {
                    unusual.put(a.getValue(), String.join(" ", audit.stories().getOrDefault(id, List.of())));
                }
            } else if (deadLetter != null) {
                deadLettered.merge(deadLetter.split(":")[0], 1, Integer::sum);
            } else {
                lost.add(a.getValue());
            }
        }
        int refusedArrived = (int) refused.keySet().stream().filter(deliveredFiles::contains).count();
        Map<String, Integer> refusalCounts = new TreeMap<>();
        refusals.forEach((reason, n) -> refusalCounts.put(reason, n.get()));
        return new Count(scenario, accepted.size(), delivered, deliveredTwice, duplicatesRemoved, deadLettered, lost,
                refused.size(), refusalCounts, refusedArrived, unusual, statusesAtSender(layout));
    }

    /** How many accepted ids stand at each status in the sender's status store (NONE: it has none). */
    private Map<String, Integer> statusesAtSender(BusLayout layout) {
        Map<UUID, List<StatusStore.Change>> statuses = StatusStore.read(layout.state(messages.sender()));
        Map<String, Integer> atSender = new TreeMap<>();
        for (UUID id : accepted.keySet()) {
            String status = StatusStore.currentOf(statuses.getOrDefault(id, List.of())).map(Enum::name).orElse("NONE");
            atSender.merge(status, 1, Integer::sum);
        }
        return atSender;
    }

    /**
     * What the recipient's audit log says per message id: DELIVERED records, the first dead-letter reason, and
     * the events in order (the story printed for an unusual id).
     */
    private record RecipientAudit(Map<UUID, Integer> deliveries, Map<UUID, Integer> recognised, Map<UUID, String> deadLetterReasons,
                                  Map<UUID, List<String>> stories) {

        static RecipientAudit read(Path auditDir) {
            RecipientAudit audit = new RecipientAudit(new HashMap<>(), new HashMap<>(), new HashMap<>(), new HashMap<>());
            for (AuditRecord r : records(auditDir)) {
                if (r.messageId() == null) {
                    continue; // unverified rejections name no message
                }
                String reason = r.reason() == null ? "no reason" : r.reason();
                if (r.event() == AuditEvent.DELIVERED && reason.contains(eu.bus.exchange.NodeGateway.ALREADY_DELIVERED)) {
                    audit.recognised.merge(r.messageId(), 1, Integer::sum); // redelivered, recognised, not handed over again
                } else if (r.event() == AuditEvent.DELIVERED) {
                    audit.deliveries.merge(r.messageId(), 1, Integer::sum);
                } else if (r.event() == AuditEvent.DEAD_LETTERED) {
                    audit.deadLetterReasons.putIfAbsent(r.messageId(), reason);
                }
                audit.stories.computeIfAbsent(r.messageId(), k -> new ArrayList<>()).add(r.event()
                        + (r.event() == AuditEvent.DEAD_LETTERED ? "(" + reason.split(":")[0] + ")" : ""));
            }
            return audit;
        }
    }

    /**
     * Counts until nothing is lost and the sender has a receipt for every delivered message, or {@code timeout}
     * passes; then prints the count's line (and the stories of unusual ids) and returns it. The nodes may still
     * be working while this waits.
     */
    Count awaitSettled(BusLayout layout, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Count count = count(layout);
        while ((count.lost() > 0 || count.atSender().getOrDefault("RECEIPTED", 0) < count.delivered())
                && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            count = count(layout);
        }
        System.out.println(count.line());
        if (!count.unusual().isEmpty()) {
            System.out.println("Delivered more than once or also dead-lettered, as the recipient's audit tells it:\n"
                    + count.unusualStories());
        }
        if (count.lost() > 0 || count.atSender().getOrDefault("RECEIPTED", 0) < count.delivered()) {
            System.out.println("Not receipted, as the sender's status store tells it (at most 20):\n" + senderStories(layout));
        }
        return count;
    }

    /** The status changes at the sender of each accepted number not receipted, one line per number. */
    String senderStories(BusLayout layout) {
        Map<UUID, List<StatusStore.Change>> statuses = StatusStore.read(layout.state(messages.sender()));
        StringBuilder out = new StringBuilder();
        accepted.entrySet().stream().filter(a -> StatusStore.currentOf(statuses.getOrDefault(a.getKey(), List.of()))
                .orElse(null) != eu.bus.exchange.MessageStatus.RECEIPTED).limit(20).forEach(a -> {
            out.append("  ").append(a.getValue()).append(' ').append(a.getKey()).append(':');
            statuses.getOrDefault(a.getKey(), List.of()).forEach(c -> out.append(' ').append(c.status())
                    .append(c.recipient() == null ? "" : "@" + c.recipient()).append('(').append(c.detail()).append(')'));
            out.append('\n');
        });
        return out.toString();
    }

    private static Set<UUID> deliveredIds(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile).map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && n.length() == 41)
                    .map(n -> UUID.fromString(n.substring(0, 36)))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every record readable now; a frame still being written at the end is left for the next count. */
    static List<AuditRecord> records(Path auditDir) {
        List<AuditRecord> out = new ArrayList<>();
        if (!Files.isDirectory(auditDir)) {
            return out;
        }
        RecordReader.read(new LogLayout(auditDir), (i, data, off, len) -> {
            out.add(AuditRecordCodec.decode(data, off, len));
            return true;
        }, RecordReader.Progress.NONE);
        return out;
    }

    /** One scenario's end count. */
    record Count(String scenario, int accepted, int delivered, int deliveredTwice, int duplicatesRemoved,
                 Map<String, Integer> deadLettered, SortedSet<Integer> lostSequences, int refused,
                 Map<String, Integer> refusals, int refusedButDelivered, Map<Integer, String> unusual,
                 Map<String, Integer> atSender) {

        int deadLetteredTotal() {
            return deadLettered.values().stream().mapToInt(Integer::intValue).sum();
        }

        int lost() {
            return lostSequences.size();
        }

        /** Nothing accepted is unaccounted for: lost is 0 and delivered + dead-lettered = accepted. */
        boolean balanced() {
            return lost() == 0 && delivered + deadLetteredTotal() == accepted;
        }

        /** The recipient's audit story of the first few numbers delivered more than once or also dead-lettered. */
        String unusualStories() {
            return unusual.entrySet().stream().limit(5).map(e -> "  #" + e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("\n"));
        }

        String line() {
            return PREFIX + scenario + ": accepted=" + accepted + " delivered=" + delivered
                    + " dead-lettered=" + deadLetteredTotal() + (deadLettered.isEmpty() ? "" : " " + deadLettered)
                    + " duplicates-removed=" + duplicatesRemoved + " delivered-twice=" + deliveredTwice
                    + " lost=" + lost() + (lostSequences.isEmpty() ? "" : " (sequence numbers "
                    + lostSequences.stream().limit(20).map(String::valueOf).collect(Collectors.joining(",")) + ")")
                    + " | refused at submission=" + refused + (refusals.isEmpty() ? "" : " " + refusals)
                    + " refused-but-delivered=" + refusedButDelivered + " | status at the sender " + atSender;
        }
    }
}
