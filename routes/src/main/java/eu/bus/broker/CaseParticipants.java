package eu.bus.broker;

import com.fasterxml.jackson.core.type.TypeReference;
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
 * Who participates in which case: the source of truth for case topic access (broker authorisation)
 * and for whom case messages are encrypted. Changed by case open/update/close; persisted to one JSON
 * file (written atomically) so a restarted broker refuses and admits the same nodes.
 */
public final class CaseParticipants {

    private final Path file;
    private final Map<String, Set<String>> byCase = new ConcurrentHashMap<>();
    private final Collection<Consumer<String>> listeners = new CopyOnWriteArrayList<>();

    private CaseParticipants(Path file) {
        this.file = file;
    }

    /** Loads the file if it exists; a missing file means no cases yet. */
    public static CaseParticipants open(Path file) {
        CaseParticipants participants = new CaseParticipants(file);
        if (Files.exists(file)) {
            try {
                Map<String, Set<String>> stored = Json.mapper().readValue(file.toFile(), new TypeReference<>() { });
                stored.forEach((caseId, nodes) -> participants.byCase.put(caseId, Set.copyOf(nodes)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the case participants file " + file
                        + "; restore it from backup or rebuild it from the case messages in the archive", e);
            }
        }
        return participants;
    }

    public boolean isParticipant(String caseId, String node) {
        Set<String> nodes = byCase.get(caseId);
        return nodes != null && nodes.contains(node);
    }

    public Set<String> participants(String caseId) {
        return byCase.getOrDefault(caseId, Set.of());
    }

    /** The cases a node participates in (to resume its subscriptions after a restart). */
    public Set<String> casesOf(String node) {
        Set<String> cases = new TreeSet<>();
        byCase.forEach((caseId, nodes) -> {
            if (nodes.contains(node)) {
                cases.add(caseId);
            }
        });
        return cases;
    }

    public boolean exists(String caseId) {
        return byCase.containsKey(caseId);
    }

    /** Replaces (case open) or extends (case update) the participants; access follows at once. */
    public synchronized void set(String caseId, Collection<String> nodes) {
        byCase.put(caseId, Set.copyOf(nodes));
        persistAndNotify(caseId);
    }

    public synchronized void change(String caseId, Collection<String> added, Collection<String> removed) {
        Set<String> next = new TreeSet<>(participants(caseId));
        next.addAll(added);
        next.removeAll(removed);
        set(caseId, next);
    }

    /** Called with the case id after every change, e.g. to drop the broker's cached authorisations. */
    public void onChange(Consumer<String> listener) {
        listeners.add(listener);
    }

    private void persistAndNotify(String caseId) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Map<String, Set<String>> sorted = new TreeMap<>();
            byCase.forEach((k, v) -> sorted.put(k, new TreeSet<>(v)));
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), sorted);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the case participants file " + file, e);
        }
        listeners.forEach(l -> l.accept(caseId));
    }
}
