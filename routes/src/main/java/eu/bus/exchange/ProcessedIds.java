package eu.bus.exchange;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The persisted set of message ids a node has processed (replay protection at the receiver): one id
 * per line in {@code state/processed-ids.txt}, the same file Camel's {@code FileIdempotentRepository}
 * kept, read back at start. The newest {@code kept} ids are held in memory and every lookup is
 * answered from memory; older ids are forgotten (why that is safe, and up to which backlog, is
 * explained at {@code NodeServices.PROCESSED_IDS_KEPT}). When the file outgrows {@code maxFileBytes} it is rewritten with the
 * ids still kept (atomically).
 * <p>
 * Why not {@code FileIdempotentRepository}: it scans the whole file (a {@code Scanner} with a regex
 * per line) on every lookup of an id it has not seen, which is every new message, so its cost grows
 * with the history: it took about 45% of the exchange's CPU in the hop benchmark after a few
 * thousand messages (docs/BENCHMARKS.md).
 */
public final class ProcessedIds implements AutoCloseable {

    private final Path file;
    private final long maxFileBytes;
    private final Map<String, Boolean> ids;
    /** The ids claimed and not yet added or released, with the consumer thread that claimed each. */
    private final Map<String, Thread> inFlight = new java.util.HashMap<>();
    /**
     * How long a claim waits for another consumer's claim of the same id to end. A consumer holds its claims until
     * its whole batch is durable (usually well under a second); waiting, instead of failing at once, keeps the
     * second copy from spending its delivery attempts while the first is settled.
     */
    static final long CLAIM_WAIT_MILLIS = 10_000;
    private BufferedWriter out;
    private long fileBytes;

    /** What {@link #claim} found. */
    public enum Claim { CLAIMED, PROCESSED, IN_FLIGHT }

    private ProcessedIds(Path file, int kept, long maxFileBytes) throws IOException {
        this.file = file;
        this.maxFileBytes = maxFileBytes;
        this.ids = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > kept;
            }
        };
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    ids.put(line.trim(), Boolean.TRUE);
                }
            }
            fileBytes = Files.size(file);
        }
        out = open();
    }

    /**
     * The key a message is remembered by: its verified signer and its id. Keyed by the id alone, one node
     * could pre-empt another's (derivable) receipt or forward id and have the genuine message refused as a
     * replay; a message id is unique only per sender.
     */
    public static String key(String signer, Object messageId) {
        return signer + "/" + messageId;
    }

    public static ProcessedIds open(Path file, int kept, long maxFileBytes) {
        try {
            Files.createDirectories(file.getParent());
            return new ProcessedIds(file, kept, maxFileBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the processed message ids " + file, e);
        }
    }

    /**
     * Takes an id for processing: PROCESSED if it was processed before (a replay), otherwise CLAIMED until
     * {@link #add} or {@link #release}. If another consumer holds it right now (a copy arrived while the first is
     * still on its way), waits up to {@link #CLAIM_WAIT_MILLIS} for that claim to end and decides then; IN_FLIGHT if
     * it has not ended by then, or if the calling thread holds it itself (its own batch took both copies): the copy
     * must then come again later, never run twice.
     */
    public synchronized Claim claim(String id) {
        long deadline = System.nanoTime() + CLAIM_WAIT_MILLIS * 1_000_000;
        while (true) {
            if (ids.containsKey(id)) {
                return Claim.PROCESSED;
            }
            Thread holder = inFlight.putIfAbsent(id, Thread.currentThread());
            if (holder == null) {
                return Claim.CLAIMED;
            }
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (holder == Thread.currentThread() || left <= 0) {
                return Claim.IN_FLIGHT;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Claim.IN_FLIGHT;
            }
        }
    }

    /** Gives a claimed id back without marking it processed (its processing failed and rolls back). */
    public synchronized void release(String id) {
        inFlight.remove(id);
        notifyAll();
    }

    /** Remembers an id (written through to the file) and ends its claim; false if it was already there. */
    public synchronized boolean add(String id) {
        inFlight.remove(id);
        notifyAll();
        if (ids.putIfAbsent(id, Boolean.TRUE) != null) {
            return false;
        }
        try {
            out.write(id);
            out.newLine();
            out.flush();
            fileBytes += id.length() + 1;
            if (fileBytes > maxFileBytes) {
                compact();
            }
        } catch (IOException e) {
            ids.remove(id);
            throw new UncheckedIOException("cannot record processed message " + id + " in " + file, e);
        }
        return true;
    }

    /** Rewrites the file with the ids still kept, so it stops growing. */
    private void compact() throws IOException {
        out.close();
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        List<String> kept = List.copyOf(ids.keySet());
        Files.write(tmp, kept, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fileBytes = Files.size(file);
        out = open();
    }

    private BufferedWriter open() throws IOException {
        return Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
