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

    /**
     * One change of status. {@code detail} says why (a destination, a rejection reason). A change that
     * concerns one recipient names it: SENT records, per recipient, the digest of the exact bytes sent,
     * which that recipient's signed receipt must name; DELIVERED, RECEIPTED and a recipient's REJECTED
     * follow its receipt. A change without a recipient concerns the whole message.
     */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Change(UUID messageId, MessageStatus status, Instant at, String detail, String recipient, String digest) {

        public Change(UUID messageId, MessageStatus status, Instant at, String detail) {
            this(messageId, status, at, detail, null, null);
        }
    }

    /** What was sent to one recipient: the digest of the protected bytes and where they went. */
    public record Sent(String recipient, String digest, String destination) {
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
        recordAll(List.of(new Change(messageId, status, clock.instant(), detail)));
    }

    /** Records a change that concerns one recipient of the message (its receipt, its refusal). */
    public void recordFor(UUID messageId, String recipient, MessageStatus status, String detail) {
        recordAll(List.of(new Change(messageId, status, clock.instant(), detail, recipient, null)));
    }

    /** Records a recipient's signed receipt of delivery: DELIVERED and RECEIPTED for it, with one force. */
    public void recordReceipted(UUID messageId, String recipient, UUID receiptId) {
        recordReceipted(List.of(messageId), recipient, receiptId);
    }

    /** As {@link #recordReceipted(UUID, String, UUID)} for every message one receipt covers, with one force. */
    public void recordReceipted(List<UUID> messageIds, String recipient, UUID receiptId) {
        Instant at = clock.instant();
        List<Change> changes = new ArrayList<>(2 * messageIds.size());
        for (UUID messageId : messageIds) {
            changes.add(new Change(messageId, MessageStatus.DELIVERED, at, "delivered to " + recipient, recipient, null));
            changes.add(new Change(messageId, MessageStatus.RECEIPTED, at, "signed receipt " + receiptId, recipient, null));
        }
        recordAll(changes);
    }

    /**
     * Records a submitted message: the whole message (with {@code detail}) and, per recipient, the digest
     * its receipt must name. Done before any copy is sent, so a receipt can never overtake it. One force.
     */
    public void recordSubmitted(UUID messageId, String detail, List<Sent> copies) {
        recordProtected(messageId, MessageStatus.SUBMITTED, detail, copies);
    }

    /**
     * Records that the message was protected again for {@code copies} (new digests; by an operator after a
     * refusal, or by the outbox after a long wait or a key change) and waits to be sent to them; one force.
     */
    public void recordResubmitted(UUID messageId, String detail, List<Sent> copies) {
        recordProtected(messageId, MessageStatus.RESUBMITTED, detail, copies);
    }

    private void recordProtected(UUID messageId, MessageStatus status, String detail, List<Sent> copies) {
        Instant at = clock.instant();
        List<Change> changes = new ArrayList<>();
        changes.add(new Change(messageId, status, at, detail));
        changes.addAll(perRecipient(messageId, status, at, copies));
        recordAll(changes);
    }

    /** Records a final state of the whole message and of each of {@code recipients} (expired unsent); one force. */
    public void recordFinal(UUID messageId, MessageStatus status, String detail, java.util.Collection<String> recipients) {
        Instant at = clock.instant();
        List<Change> changes = new ArrayList<>();
        changes.add(new Change(messageId, status, at, detail));
        recipients.forEach(r -> changes.add(new Change(messageId, status, at, detail, r, null)));
        recordAll(changes);
    }

    /** Records that the message went to each of its recipients, with the digest each receipt must name; one force. */
    public void recordSent(UUID messageId, List<Sent> copies) {
        recordAll(perRecipient(messageId, MessageStatus.SENT, clock.instant(), copies));
    }

    private static List<Change> perRecipient(UUID messageId, MessageStatus status, Instant at, List<Sent> copies) {
        return copies.stream().map(c -> new Change(messageId, status, at, c.destination(), c.recipient(), c.digest())).toList();
    }

    /**
     * Records a recipient's refusal of one copy, unless a later copy was protected for it meanwhile (the refusal is
     * about an earlier one) or it already receipted the message (a late refusal of a duplicate copy): judged and
     * appended in one step, so a resubmission recorded at the same moment is seen either before or after, never half.
     *
     * @return whether it was recorded
     */
    public boolean recordRefusal(UUID messageId, String recipient, String digest, MessageStatus status, String detail) {
        Change change = new Change(messageId, status, clock.instant(), detail, recipient, null);
        return append(List.of(change), () -> {
            MessageStatus now = recipientsOf(history(messageId)).get(recipient);
            return digest.equals(latestDigestSentTo(messageId, recipient).orElse(null))
                    && now != MessageStatus.RECEIPTED && now != MessageStatus.DELIVERED;
        });
    }

    private void recordAll(List<Change> changes) {
        append(changes, () -> true);
    }

    /**
     * Appends the changes if {@code applies}, judged under the lock that orders the file, and durably (forced) before
     * it returns. Memory takes each change under the same lock, in the file's order: a reader never sees a change
     * made after one it does not see yet. Concurrent callers share forces (group commit).
     */
    private boolean append(List<Change> changes, java.util.function.BooleanSupplier applies) {
        try {
            StringBuilder lines = new StringBuilder();
            for (Change change : changes) {
                lines.append(Json.mapper().writeValueAsString(change)).append('\n');
            }
            synchronized (this) {
                if (!applies.getAsBoolean()) {
                    return false;
                }
                out.write(ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
                changes.forEach(this::remember);
            }
            forced.await();
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    private void remember(Change change) {
        history.computeIfAbsent(change.messageId(), k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(change);
    }

    /** The furthest status reached; a late, out-of-order change stays in the history only. */
    public Optional<MessageStatus> current(UUID messageId) {
        // A copy: record() may append to the synchronised list meanwhile, and iterating it unlocked could throw.
        return currentOf(history(messageId));
    }

    /**
     * Where the message stands as a whole: a refusal of the whole message, or by any recipient, is
     * final (REJECTED, DEAD_LETTERED); otherwise the least advanced recipient decides, so RECEIPTED
     * means every recipient's signed receipt arrived.
     */
    public static Optional<MessageStatus> currentOf(List<Change> changes) {
        MessageStatus whole = wholeOf(changes).orElse(null);
        Map<String, MessageStatus> recipients = recipientsOf(changes);
        if (recipients.isEmpty() || (whole != null && whole.isRefusal())) {
            return Optional.ofNullable(whole);
        }
        MessageStatus least = null;
        for (MessageStatus s : recipients.values()) {
            if (s.isRefusal()) {
                return Optional.of(s);
            }
            if (least == null || s.ordinal() < least.ordinal()) {
                least = s;
            }
        }
        return Optional.of(least);
    }

    /** The state of the message as a whole (submitted, refused by the broker, expired), recipients aside. */
    public static Optional<MessageStatus> wholeOf(List<Change> changes) {
        MessageStatus whole = null;
        for (Change c : changes) {
            if (c.recipient() == null && (whole == null || whole.mayBecome(c.status()))) {
                whole = c.status();
            }
        }
        return Optional.ofNullable(whole);
    }

    /** Where the message stands at each recipient it was sent to, in the order they were sent. */
    public static Map<String, MessageStatus> recipientsOf(List<Change> changes) {
        Map<String, MessageStatus> states = new java.util.LinkedHashMap<>();
        for (Change c : changes) {
            if (c.recipient() != null) {
                states.merge(c.recipient(), c.status(), (was, next) -> was.mayBecome(next) ? next : was);
            }
        }
        return states;
    }

    /** The digest of the latest copy protected for {@code recipient}; a receipt for an older copy no longer decides its state. */
    public Optional<String> latestDigestSentTo(UUID messageId, String recipient) {
        String latest = null;
        for (Change c : history(messageId)) {
            if (recipient.equals(c.recipient()) && c.digest() != null) {
                latest = c.digest();
            }
        }
        return Optional.ofNullable(latest);
    }

    /**
     * The digests of what was (or is being) sent to {@code recipient}; empty when the message was not for
     * it. Usually one; a submission retried after a failure may have sent other bytes the first time.
     */
    public java.util.Set<String> digestsSentTo(UUID messageId, String recipient) {
        java.util.Set<String> digests = new java.util.LinkedHashSet<>();
        history(messageId).stream().filter(c -> recipient.equals(c.recipient()) && c.digest() != null)
                .forEach(c -> digests.add(c.digest()));
        return digests;
    }

    /** The ids of every message this node has a status for. */
    public java.util.Set<UUID> messageIds() {
        return java.util.Set.copyOf(history.keySet());
    }

    public List<Change> history(UUID messageId) {
        return List.copyOf(history.getOrDefault(messageId, List.of()));
    }

    /** Parses one line; any damage (not JSON, a field missing or wrong) is an exception. */
    private static Change read(String line) {
        try {
            JsonNode n = Json.mapper().readTree(line);
            return new Change(UUID.fromString(n.path("messageId").asText()), MessageStatus.valueOf(n.path("status").asText()),
                    Instant.parse(n.path("at").asText()), text(n, "detail"), text(n, "recipient"), text(n, "digest"));
        } catch (IOException e) {
            throw new IllegalArgumentException("not a status line: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
