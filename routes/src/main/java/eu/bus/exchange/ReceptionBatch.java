package eu.bus.exchange;

import eu.bus.audit.AuditRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * What the messages one consumer took from the broker in one transaction still owe before the broker may forget
 * them ({@link BatchingListenerContainer}): their audit records durable, one signed receipt per sender covering
 * what was delivered, then their ids marked processed. The routes process each message as before and leave these
 * here instead of waiting for each; {@link #complete} waits once for the whole batch, and only then is the
 * transaction committed. If anything fails, the transaction rolls back and every message of the batch comes
 * again: those already delivered are recognised and receipted, none is lost or delivered twice.
 * <p>
 * Held per consumer thread: a route step finds the batch it runs in with {@link #current()}; outside a batch
 * (a test's direct call, a consumer of another kind) the steps wait for each message as they always did.
 */
final class ReceptionBatch {

    private static final ThreadLocal<ReceptionBatch> CURRENT = new ThreadLocal<>();

    private final List<CompletableFuture<AuditRecord>> records = new ArrayList<>();
    private final List<Incoming> owedReceipts = new ArrayList<>();
    private final List<Incoming> processed = new ArrayList<>();

    /** The batch the calling consumer thread is in, or null. */
    static ReceptionBatch current() {
        return CURRENT.get();
    }

    /** Starts a batch on the calling thread. */
    static ReceptionBatch begin() {
        ReceptionBatch batch = new ReceptionBatch();
        CURRENT.set(batch);
        return batch;
    }

    /** Ends the calling thread's batch, whatever became of it. */
    static void end() {
        CURRENT.remove();
    }

    /** Audit records to be durable before the commit. */
    void awaitBeforeCommit(List<CompletableFuture<AuditRecord>> more) {
        records.addAll(more);
    }

    /** A delivered message whose sender is owed a signed receipt before the commit. */
    void oweReceipt(Incoming message) {
        owedReceipts.add(message);
    }

    /** A message to mark processed once the batch is durable, or to release if it is not. */
    void markProcessedOnCommit(Incoming message) {
        processed.add(message);
    }

    /** Whether a message of this batch already holds the claim {@code key} (signer and message id). */
    boolean takes(String key) {
        return processed.stream().anyMatch(m -> ReceptionService.keyOf(m).equals(key));
    }

    /**
     * Sends the receipts owed (one per sender and case, through {@code receipts}), waits until they are on the
     * broker and every audit record is durable, and marks the messages processed. Throws if any of it failed:
     * the caller rolls the transaction back.
     */
    void complete(ReceiptBatches receipts, ReceptionService reception) {
        List<CompletableFuture<AuditRecord>> all = new ArrayList<>(records);
        if (!owedReceipts.isEmpty()) {
            all.addAll(receipts.oweAll(owedReceipts));
        }
        NodeAudit.awaitDurable(all.toArray(CompletableFuture[]::new));
        processed.forEach(reception::markProcessed);
    }

    /** Gives back the claims of messages that will come again (the transaction rolls back). */
    void abandon(ReceptionService reception) {
        processed.forEach(reception::release);
    }
}
