package eu.bus.broker;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.audit.Durable;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Who participates in which case, which case-lifecycle message made the last change, and whether
 * the case is closed. The broker
 * keeps the authoritative copy (topic access, subscription queues); every node keeps its own view
 * (case rules at submission, whom case messages are encrypted for). Persisted to one JSON file
 * (written atomically) so a restart refuses and admits the same nodes.
 */
public final class CaseParticipants {

    /**
     * A change of a case: the lifecycle message that made it, the node that sent it, its kind (a retry
     * must match all three) and the participants after it. The broker also keeps the digest of the
     * lifecycle message's clear header the requester signed and its signature over the change, so the
     * copies of exactly that message, and no other, are stamped with the decision. After a CLOSE the
     * participants stay on record and the case takes no more messages.
     */
    public record Change(String messageId, String by, CaseChange.Kind kind, Set<String> after, String headerDigest,
                         String signature, long seq) {

        public Change {
            after = after == null ? Set.of() : Set.copyOf(new TreeSet<>(after));
        }

        public Change(String messageId, String by, CaseChange.Kind kind) {
            this(messageId, by, kind, null, null, null, 0);
        }

        /** The same change as the broker decided it: its signed request and its place in the case's sequence. */
        public Change decided(Set<String> participants, String digest, String signed, long number) {
            return new Change(messageId, by, kind, participants, digest, signed, number);
        }
    }

    /** The changes kept per case for matching lifecycle copies still on their way (a case changes rarely). */
    private static final int RECENT_CHANGES = 32;

    private record Entry(Set<String> nodes, Change last, String lead, List<Change> recent) {
        boolean closed() {
            return last != null && last.kind() == CaseChange.Kind.CLOSE;
        }
    }

    private final Path file;
    private final Map<String, Entry> byCase = new ConcurrentHashMap<>();
    private final Collection<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    private CaseParticipants(Path file) {
        this.file = file;
    }

    /**
     * Loads the file if it exists; a missing file means no cases yet. An empty or damaged file (a write
     * torn by a crash, a bad edit) must not silently mean "no cases": the broker would refuse every
     * participant and let anyone open those cases anew, a node would forget its cases. It stops start-up
     * with what to do.
     */
    public static CaseParticipants open(Path file) {
        CaseParticipants participants = new CaseParticipants(file);
        if (!Files.exists(file)) {
            return participants;
        }
        String what = "the case participants file " + file.toAbsolutePath();
        String todo = "; nothing starts without it: restore the file from backup, or rebuild it from the"
                + " case-lifecycle messages in the archive (delete it only if no case was ever opened on this bus)";
        JsonNode stored;
        try {
            byte[] bytes = Files.readAllBytes(file);
            if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
                throw new IllegalStateException(what + " is empty (a write cut short by a crash?)" + todo);
            }
            stored = Json.mapper().readTree(bytes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(what + " is damaged or truncated (" + e.getOriginalMessage() + ")" + todo, e);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + what + ": " + e.getMessage() + todo, e);
        }
        if (stored == null || !stored.isObject()) {
            throw new IllegalStateException(what + " does not hold a JSON object of cases" + todo);
        }
        stored.fields().forEachRemaining(e -> participants.byCase.put(e.getKey(), read(e.getValue())));
        return participants;
    }

    /** Every case on record (open or closed, with or without participants left). */
    public Set<String> caseIds() {
        return new TreeSet<>(byCase.keySet());
    }

    /** An entry; a bare array is the earlier file format (participants only). */
    private static Entry read(JsonNode stored) {
        JsonNode nodes = stored.isArray() ? stored : stored.path("participants");
        Set<String> set = nodeSet(nodes);
        String lead = stored.path("lead").isTextual() ? stored.path("lead").asText() : null;
        List<Change> recent = new ArrayList<>();
        stored.path("changes").forEach(c -> recent.add(new Change(c.path("messageId").asText(), text(c, "by"),
                CaseChange.Kind.valueOf(c.path("kind").asText()), nodeSet(c.path("participants")), text(c, "headerDigest"),
                text(c, "signature"), c.path("seq").asLong())));
        if (!stored.path("lastChange").isTextual()) {
            return new Entry(Set.copyOf(set), null, lead, List.copyOf(recent));
        }
        CaseChange.Kind kind = stored.path("lastKind").isTextual() ? CaseChange.Kind.valueOf(stored.path("lastKind").asText())
                : CaseChange.Kind.UPDATE;
        Change last = recent.isEmpty() ? new Change(stored.path("lastChange").asText(), text(stored, "lastBy"), kind, set, null, null, 0)
                : recent.get(recent.size() - 1);
        return new Entry(Set.copyOf(set), last, lead, List.copyOf(recent));
    }

    private static Set<String> nodeSet(JsonNode array) {
        Set<String> set = new TreeSet<>();
        array.forEach(n -> set.add(n.asText()));
        return set;
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isTextual() ? node.path(field).asText() : null;
    }

    public boolean isParticipant(String caseId, String node) {
        return participants(caseId).contains(node);
    }

    public Set<String> participants(String caseId) {
        Entry entry = byCase.get(caseId);
        return entry == null ? Set.of() : entry.nodes();
    }

    /** The message id of the case-lifecycle message that made the last change, or null. */
    public String lastChange(String caseId) {
        Entry entry = byCase.get(caseId);
        return entry == null || entry.last() == null ? null : entry.last().messageId();
    }

    /** The last change of the case, if any. */
    public java.util.Optional<Change> last(String caseId) {
        Entry entry = byCase.get(caseId);
        return java.util.Optional.ofNullable(entry == null ? null : entry.last());
    }

    /** Whether a case-close was accepted for the case: no further messages or changes. */
    public boolean isClosed(String caseId) {
        Entry entry = byCase.get(caseId);
        return entry != null && entry.closed();
    }

    /** The cases a node participates in (to resume its subscriptions after a restart). */
    public Set<String> casesOf(String node) {
        Set<String> cases = new TreeSet<>();
        byCase.forEach((caseId, entry) -> {
            if (entry.nodes().contains(node)) {
                cases.add(caseId);
            }
        });
        return cases;
    }

    public boolean exists(String caseId) {
        return byCase.containsKey(caseId);
    }

    /** The node that opened the case and runs it, or null when not known. */
    public String lead(String caseId) {
        Entry entry = byCase.get(caseId);
        return entry == null ? null : entry.lead();
    }

    /** The case as the case rules judge it. */
    public CaseRules.CaseState state(String caseId) {
        Entry entry = byCase.get(caseId);
        return entry == null ? CaseRules.CaseState.NONE
                : new CaseRules.CaseState(true, entry.closed(), entry.lead(), entry.nodes());
    }

    /** A recent change of the case made by the lifecycle message {@code messageId}, if there is one. */
    public java.util.Optional<Change> change(String caseId, String messageId) {
        Entry entry = byCase.get(caseId);
        if (entry == null) {
            return java.util.Optional.empty();
        }
        return entry.recent().stream().filter(c -> c.messageId().equals(messageId)).reduce((first, later) -> later);
    }

    /** The sequence number of the case's last change (1 for its opening), 0 for a case not on record. */
    public long seq(String caseId) {
        Entry entry = byCase.get(caseId);
        return entry == null || entry.last() == null ? 0 : entry.last().seq();
    }

    /** How many cases {@code node} opened that are not closed (the broker bounds it per node). */
    public long openCasesLedBy(String node) {
        return byCase.values().stream().filter(e -> node.equals(e.lead()) && !e.closed()).count();
    }

    /** Sets the participants as {@code changeId} (a case-lifecycle message id) leaves them; access follows at once. */
    public void set(String caseId, Collection<String> nodes, String changeId) {
        set(caseId, nodes, new Change(changeId, null, CaseChange.Kind.UPDATE));
    }

    /**
     * Sets the participants as {@code change} leaves them (a CLOSE closes the case); access follows at
     * once. The lead stays as it was; an OPEN makes its sender the lead.
     */
    public void set(String caseId, Collection<String> nodes, Change change) {
        set(caseId, nodes, change, null);
    }

    /** As {@link #set(String, Collection, Change)}, naming the lead when this record does not know it yet. */
    public synchronized void set(String caseId, Collection<String> nodes, Change change, String knownLead) {
        Entry was = byCase.get(caseId);
        String lead = was != null && was.lead() != null ? was.lead()
                : change.kind() == CaseChange.Kind.OPEN && change.by() != null ? change.by() : knownLead;
        List<Change> recent = new ArrayList<>(was == null ? List.of() : was.recent());
        recent.removeIf(c -> c.messageId().equals(change.messageId()));
        long seq = change.seq() > 0 ? change.seq() : (was == null || was.last() == null ? 0 : was.last().seq()) + 1;
        Change recorded = new Change(change.messageId(), change.by(), change.kind(), new TreeSet<>(nodes), change.headerDigest(),
                change.signature(), seq);
        recent.add(recorded);
        if (recent.size() > RECENT_CHANGES) {
            recent = new ArrayList<>(recent.subList(recent.size() - RECENT_CHANGES, recent.size()));
        }
        byCase.put(caseId, new Entry(Set.copyOf(new TreeSet<>(nodes)), recorded, lead, List.copyOf(recent)));
        persist();
        listeners.forEach(l -> l.accept(caseId));
    }

    /** Called with the case id after every change, e.g. to create or drop subscription queues. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void persist() {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ObjectNode out = Json.mapper().createObjectNode();
            new TreeMap<>(byCase).forEach((caseId, entry) -> {
                ObjectNode e = out.putObject(caseId);
                new TreeSet<>(entry.nodes()).forEach(e.putArray("participants")::add);
                if (entry.lead() != null) {
                    e.put("lead", entry.lead());
                }
                var changes = e.putArray("changes");
                for (Change c : entry.recent()) {
                    ObjectNode change = changes.addObject().put("messageId", c.messageId()).put("kind", c.kind().name())
                            .put("seq", c.seq());
                    if (c.by() != null) {
                        change.put("by", c.by());
                    }
                    new TreeSet<>(c.after()).forEach(change.putArray("participants")::add);
                    if (c.headerDigest() != null) {
                        change.put("headerDigest", c.headerDigest()).put("signature", c.signature());
                    }
                }
                if (entry.last() != null) {
                    e.put("lastChange", entry.last().messageId());
                    e.put("lastKind", entry.last().kind().name());
                    if (entry.last().by() != null) {
                        e.put("lastBy", entry.last().by());
                    }
                }
            });
            // Forced (file, then the directory after the rename) before the change is confirmed to anyone:
            // a crash must not leave an empty or older file behind a change the broker already acknowledged.
            byte[] bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
            Durable.writeAll(List.of(new Durable.Content(file, bytes)), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the case participants file " + file, e);
        }
    }
}
