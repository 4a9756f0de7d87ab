package eu.bus.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
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

    /** {@code closed}: a case-close was accepted; the participants stay on record, the case takes no more messages. */
    private record Entry(Set<String> nodes, String lastChange, boolean closed) {
    }

    private final Path file;
    private final Map<String, Entry> byCase = new ConcurrentHashMap<>();
    private final Collection<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    private CaseParticipants(Path file) {
        this.file = file;
    }

    /** Loads the file if it exists; a missing file means no cases yet. */
    public static CaseParticipants open(Path file) {
        CaseParticipants participants = new CaseParticipants(file);
        if (Files.exists(file)) {
            try {
                Json.mapper().readTree(file.toFile()).fields().forEachRemaining(e -> participants.byCase.put(e.getKey(), read(e.getValue())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the case participants file " + file
                        + "; restore it from backup or rebuild it from the case messages in the archive", e);
            }
        }
        return participants;
    }

    /** An entry; a bare array is the earlier file format (participants only). */
    private static Entry read(JsonNode stored) {
        JsonNode nodes = stored.isArray() ? stored : stored.path("participants");
        Set<String> set = new TreeSet<>();
        nodes.forEach(n -> set.add(n.asText()));
        String lastChange = stored.path("lastChange").isTextual() ? stored.path("lastChange").asText() : null;
        return new Entry(Set.copyOf(set), lastChange, stored.path("closed").asBoolean(false));
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
        return entry == null ? null : entry.lastChange();
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

    /** Sets the participants as {@code changeId} (a case-lifecycle message id) leaves them; access follows at once. */
    public void set(String caseId, Collection<String> nodes, String changeId) {
        set(caseId, nodes, changeId, false);
    }

    /** As {@link #set(String, Collection, String)}; {@code closed} when the change is a case-close. */
    public synchronized void set(String caseId, Collection<String> nodes, String changeId, boolean closed) {
        byCase.put(caseId, new Entry(Set.copyOf(new TreeSet<>(nodes)), changeId, closed));
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
                if (entry.lastChange() != null) {
                    e.put("lastChange", entry.lastChange());
                }
                if (entry.closed()) {
                    e.put("closed", true);
                }
            });
            // Forced (file, then the directory after the rename) before the change is confirmed to anyone:
            // a crash must not leave an empty or older file behind a change the broker already acknowledged.
            byte[] bytes = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(out);
            eu.bus.audit.Durable.writeAll(java.util.List.of(new eu.bus.audit.Durable.Content(file, bytes)), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the case participants file " + file, e);
        }
    }
}
