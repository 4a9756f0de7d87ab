package eu.bus.archive;

import eu.bus.audit.AuditEntry;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Deletes archived bodies of messages created before a date, logging one {@link AuditEvent#PURGED}
 * record per message first: if the node dies in between, the log says more was purged than was,
 * never less, and running the purge again finishes the job. The chain and checkpoints hold digests
 * only, so they still verify afterwards.
 */
public final class RetentionPurge {

    private final MessageArchive archive;
    private final AuditLog log;

    public RetentionPurge(MessageArchive archive, AuditLog log) {
        this.archive = archive;
        this.log = log;
    }

    /**
     * What {@link #purgeBefore} would delete, without touching anything (the log need not be writable).
     * Age is the header's {@code createdAt}: it travels with the message, unlike file times.
     */
    public static List<ArchivedMessage> dueBefore(MessageArchive archive, Instant cutoff) {
        return archive.list().stream().filter(m -> m.header().createdAt().isBefore(cutoff)).toList();
    }

    /** Deletes what {@link #dueBefore} lists, each after its PURGED record is durable. */
    public List<ArchivedMessage> purgeBefore(Instant cutoff, String user) {
        List<ArchivedMessage> purged = dueBefore(archive, cutoff);
        // All records durable first (one group commit, not one fsync per message), then the deletions.
        List<CompletableFuture<AuditRecord>> logged = new ArrayList<>();
        for (ArchivedMessage m : purged) {
            logged.add(log.append(AuditEntry.of(AuditEvent.PURGED).message(m.header()).digest(m.digest()).user(user)
                    .purpose("retention").reason("archived body deleted: created before " + cutoff).build()));
        }
        CompletableFuture.allOf(logged.toArray(CompletableFuture[]::new)).join();
        purged.forEach(archive::delete);
        return purged;
    }
}
