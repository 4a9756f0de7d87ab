package eu.bus.exchange;

import eu.bus.audit.AuditEntry;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditOutcome;
import eu.bus.audit.AuditRecord;
import eu.bus.message.MessageHeader;
import java.util.concurrent.CompletableFuture;

/**
 * The exchange's way into the audit log: header metadata and the digest of the protected bytes,
 * never payload. Appends are asynchronous (group commit); callers join the futures before they
 * acknowledge anything, so every acknowledged effect has a durable record.
 */
public final class NodeAudit {

    /** The legal basis recorded when none is configured (LED Art. 25 asks for the purpose). */
    public static final String DEFAULT_PURPOSE = "prevention, investigation and prosecution of trafficking in human beings"
            + " (Directive 2011/36/EU)";

    private final AuditLog log;
    private final String purpose;
    private final java.util.List<java.util.function.Consumer<AuditRecord>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public NodeAudit(AuditLog log, String purpose) {
        this.log = log;
        this.purpose = purpose;
    }

    /** The legal basis this node's records carry. */
    public String purpose() {
        return purpose;
    }

    public CompletableFuture<AuditRecord> record(AuditEvent event, MessageHeader header, byte[] protectedBytes, String reason) {
        return record(event, header, protectedBytes,
                event == AuditEvent.REJECTED || event == AuditEvent.DEAD_LETTERED ? AuditOutcome.FAILURE : AuditOutcome.SUCCESS, reason);
    }

    public CompletableFuture<AuditRecord> record(AuditEvent event, MessageHeader header, byte[] protectedBytes,
                                                 AuditOutcome outcome, String reason) {
        AuditEntry.Builder entry = AuditEntry.of(event).purpose(purpose).reason(reason).outcome(outcome);
        if (header != null) {
            entry.message(header);
        }
        if (protectedBytes != null) {
            entry.protectedBytes(protectedBytes);
        }
        return append(entry.build());
    }

    /**
     * Records an operator's action as given: its own user and purpose (a consultation states why it reads a
     * message), not the node's configured purpose.
     */
    public CompletableFuture<AuditRecord> append(AuditEntry entry) {
        CompletableFuture<AuditRecord> sealed = log.append(entry);
        if (listeners.isEmpty()) {
            return sealed;
        }
        // Listeners have seen the record by the time a caller waiting for it goes on (tests assert right after).
        return sealed.thenApply(r -> {
            listeners.forEach(l -> l.accept(r));
            return r;
        });
    }

    /** Called with every durable record (the demo prints its timeline from these). */
    public void onRecord(java.util.function.Consumer<AuditRecord> listener) {
        listeners.add(listener);
    }

    public CompletableFuture<AuditRecord> record(AuditEvent event, MessageHeader header, byte[] protectedBytes) {
        return record(event, header, protectedBytes, null);
    }

    /**
     * Blocks until the records are durable; an audit failure stops the action it was recording. A log
     * that cannot store (disk full, closed, failed) makes the node unavailable, not broken.
     */
    @SafeVarargs
    public static void awaitDurable(CompletableFuture<AuditRecord>... records) {
        try {
            CompletableFuture.allOf(records).join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof eu.bus.audit.AuditStorageException storage) {
                throw new NodeUnavailableException("the audit log cannot record: " + storage.getMessage(), storage);
            }
            // Failed elsewhere (a receipt batch another consumer sent): the caller sees the failure itself.
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }
}
