package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.message.Json;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The status of the messages a node sent, with their history: an append-only JSON-lines file
 * ({@code state/status.jsonl}) replayed into memory at start. Read by {@code bus status} and the
 * REST API. Holds ids, states and reasons, never payload.
 */
public final class StatusStore implements AutoCloseable {

    /** One change of status. {@code detail} says why (a recipient, a rejection reason). */
    public record Change(UUID messageId, MessageStatus status, Instant at, String detail) {
    }

    private final Path file;
    private final Clock clock;
    private final Map<UUID, List<Change>> history = new ConcurrentHashMap<>();
    private final BufferedWriter out;

    private StatusStore(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        Files.createDirectories(file.getParent());
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    remember(read(line));
                }
            }
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    public static StatusStore open(Path stateDir, Clock clock) {
        try {
            return new StatusStore(stateDir.resolve("status.jsonl"), clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the status store in " + stateDir, e);
        }
    }

    /** Reads a store without writing to it (for {@code bus status}). */
    public static Map<UUID, List<Change>> read(Path stateDir) {
        Path file = stateDir.resolve("status.jsonl");
        Map<UUID, List<Change>> all = new ConcurrentHashMap<>();
        if (Files.exists(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        Change c = read(line);
                        all.computeIfAbsent(c.messageId(), k -> new ArrayList<>()).add(c);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return all;
    }

    public synchronized void record(UUID messageId, MessageStatus status, String detail) {
        Change change = new Change(messageId, status, clock.instant(), detail);
        remember(change);
        try {
            out.write(Json.mapper().writeValueAsString(change));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    private void remember(Change change) {
        history.computeIfAbsent(change.messageId(), k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(change);
    }

    /** The furthest status reached; a late, out-of-order change stays in the history only. */
    public Optional<MessageStatus> current(UUID messageId) {
        return currentOf(history.getOrDefault(messageId, List.of()));
    }

    public static Optional<MessageStatus> currentOf(List<Change> changes) {
        MessageStatus current = null;
        for (Change c : changes) {
            if (current == null || current.mayBecome(c.status())) {
                current = c.status();
            }
        }
        return Optional.ofNullable(current);
    }

    public List<Change> history(UUID messageId) {
        return List.copyOf(history.getOrDefault(messageId, List.of()));
    }

    private static Change read(String line) {
        try {
            JsonNode n = Json.mapper().readTree(line);
            return new Change(UUID.fromString(n.get("messageId").asText()), MessageStatus.valueOf(n.get("status").asText()),
                    Instant.parse(n.get("at").asText()), n.hasNonNull("detail") ? n.get("detail").asText() : null);
        } catch (IOException e) {
            throw new UncheckedIOException("damaged status line: " + line, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
