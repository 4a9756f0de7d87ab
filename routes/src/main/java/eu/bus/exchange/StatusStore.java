package eu.bus.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.audit.SharedForce;
import eu.bus.message.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The status of the messages a node sent, with their history: an append-only JSON-lines file
 * ({@code state/status.jsonl}) replayed into memory at start. Read by {@code bus status} and the
 * REST API. Holds ids, states and reasons, never payload.
 * <p>
 * Each change is forced to disk before {@link #record} returns, so a status a caller was told about
 * (a 202, a receipt) survives a crash. A damaged line (a write torn by a crash, a bad edit) is skipped
 * with a warning and the rest kept: one bad line must not stop the node. A torn last line (no newline)
 * is cut at start so the next change begins on a line of its own.
 */
public final class StatusStore implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StatusStore.class);

    /** One change of status. {@code detail} says why (a recipient, a rejection reason). */
    public record Change(UUID messageId, MessageStatus status, Instant at, String detail) {
    }

    private final Path file;
    private final Clock clock;
    private final Map<UUID, List<Change>> history = new ConcurrentHashMap<>();
    private final FileChannel out;
    private final SharedForce forced;

    private StatusStore(Path file, Clock clock) throws IOException {
        this.file = file;
        this.clock = clock;
        Files.createDirectories(file.getParent());
        readInto(file, this::remember);
        out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        cutTornTail();
        forced = new SharedForce(() -> out.force(false));
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
        try {
            readInto(file, c -> all.computeIfAbsent(c.messageId(), k -> new ArrayList<>()).add(c));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return all;
    }

    /** Replays every readable line; a damaged one is logged and skipped. */
    private static void readInto(Path file, java.util.function.Consumer<Change> sink) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        int number = 0;
        // Lenient decoding: a torn multi-byte character must not make the whole file unreadable.
        for (String line : new String(Files.readAllBytes(file), StandardCharsets.UTF_8).split("\n")) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            try {
                sink.accept(read(line));
            } catch (RuntimeException e) {
                LOG.warn("{} line {} is damaged and skipped (the other statuses are kept): {}", file, number, e.getMessage());
            }
        }
    }

    /** Cuts a last line without its newline (a write torn by a crash) so the next change starts cleanly. */
    private void cutTornTail() throws IOException {
        long size = out.size();
        if (size == 0) {
            return;
        }
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            out.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end < size) {
            LOG.warn("{}: cutting a torn last line of {} bytes", file, size - end);
            out.truncate(end);
            out.force(true);
        }
        out.position(end);
    }

    /**
     * Records a change durably: it is on disk (forced) when this returns. Concurrent callers share
     * forces (group commit), so the lock covers only the append.
     */
    public void record(UUID messageId, MessageStatus status, String detail) {
        Change change = new Change(messageId, status, clock.instant(), detail);
        try {
            byte[] line = (Json.mapper().writeValueAsString(change) + "\n").getBytes(StandardCharsets.UTF_8);
            synchronized (this) {
                out.write(ByteBuffer.wrap(line));
            }
            forced.await();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
        remember(change);
    }

    private void remember(Change change) {
        history.computeIfAbsent(change.messageId(), k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(change);
    }

    /** The furthest status reached; a late, out-of-order change stays in the history only. */
    public Optional<MessageStatus> current(UUID messageId) {
        // A copy: record() may append to the synchronised list meanwhile, and iterating it unlocked could throw.
        return currentOf(history(messageId));
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

    /** Parses one line; any damage (not JSON, a field missing or wrong) is an exception. */
    private static Change read(String line) {
        try {
            JsonNode n = Json.mapper().readTree(line);
            return new Change(UUID.fromString(n.path("messageId").asText()), MessageStatus.valueOf(n.path("status").asText()),
                    Instant.parse(n.path("at").asText()), n.hasNonNull("detail") ? n.get("detail").asText() : null);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a status line: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
