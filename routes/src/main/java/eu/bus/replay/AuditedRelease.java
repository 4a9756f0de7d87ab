package eu.bus.replay;

import eu.bus.audit.AuditEntry;
import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditRecord;
import eu.bus.exchange.NodeAudit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Content opened from the archive leaves only after its audit record: items are gathered in chunks, each chunk's
 * records appended and made durable together (one group commit), and only then released, in order. For replays
 * (REPLAYED) and grants (GRANTED).
 *
 * @param <T> what is recorded and then released
 */
public final class AuditedRelease<T> {

    /** Records made durable together, and content released, this many at a time. */
    static final int CHUNK = 256;

    private final AuditLog log;
    private final Function<T, AuditEntry> record;
    private final Consumer<T> release;
    private final Runnable afterChunk;
    private final List<T> pending = new ArrayList<>(CHUNK);
    private long released;

    /**
     * @param record     the audit record of an item
     * @param release    hands an item out, once its record is durable
     * @param afterChunk runs after each chunk is released (a queue confirms, say)
     */
    public AuditedRelease(AuditLog log, Function<T, AuditEntry> record, Consumer<T> release, Runnable afterChunk) {
        this.log = log;
        this.record = record;
        this.release = release;
        this.afterChunk = afterChunk;
    }

    public void add(T item) {
        pending.add(item);
        if (pending.size() == CHUNK) {
            flush();
        }
    }

    /** Items added so far, released or waiting for their chunk. */
    public long count() {
        return released + pending.size();
    }

    /** Records and releases what is left. */
    public void flush() {
        List<CompletableFuture<AuditRecord>> records = new ArrayList<>(pending.size());
        for (T item : pending) {
            records.add(log.append(record.apply(item)));
        }
        NodeAudit.awaitDurable(records.toArray(CompletableFuture[]::new));
        pending.forEach(release);
        released += pending.size();
        pending.clear();
        afterChunk.run();
    }
}
