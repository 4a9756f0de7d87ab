package eu.bus.exchange;

import eu.bus.audit.AuditRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The signed receipts a node owes for what it delivered, sent in batches: one receipt covers every message
 * delivered from one sender, about one case, while the previous receipt was being protected and sent (at most
 * {@link DeliveryReceipts#MAX_COVERED}). The batch forms by itself, as a group commit does: the first delivery
 * sends its receipt at once; deliveries that finish meanwhile wait, and the next round covers them all. A quiet
 * node still sends one receipt per message, with no added delay; a busy one signs, sends, opens and records far
 * fewer receipts.
 * <p>
 * The guarantee is unchanged: a delivery's future completes only once the receipt covering it is on the broker,
 * and the route acknowledges the message only after that. A node that stops first has the message redelivered,
 * recognises it as delivered, and receipts it again. So batching keeps no state that a crash could lose.
 */
final class ReceiptBatches {

    /** Sends one receipt for the messages given (one sender, one case); one audit record per message covered. */
    interface Sending extends Function<List<Incoming>, List<CompletableFuture<AuditRecord>>> {
    }

    private record Owed(Incoming message, CompletableFuture<AuditRecord> sent) {
    }

    /** Whose receipt an owed one can share: the same sender and case. */
    private record Batch(String sender, String caseId) {
        static Batch of(Incoming message) {
            return new Batch(message.header().sender(), message.header().caseId());
        }
    }

    private final Sending sending;
    private final ArrayDeque<Owed> pending = new ArrayDeque<>();
    private boolean sendingNow;

    ReceiptBatches(Sending sending) {
        this.sending = Objects.requireNonNull(sending);
    }

    /**
     * Owes {@code message}'s sender a receipt. Returns when the receipt covering it is on the broker, unless
     * another caller is sending receipts right now: then the returned future completes when that caller's next
     * round has sent it. It completes exceptionally when the receipt could not be sent (the route rolls back).
     */
    CompletableFuture<AuditRecord> owe(Incoming message) {
        return oweAll(List.of(message)).get(0);
    }

    /** As {@link #owe}, for several messages at once (a consumer's batch): they share receipts from the first round. */
    List<CompletableFuture<AuditRecord>> oweAll(List<Incoming> messages) {
        List<CompletableFuture<AuditRecord>> sent = new ArrayList<>(messages.size());
        synchronized (pending) {
            for (Incoming message : messages) {
                Owed owed = new Owed(message, new CompletableFuture<>());
                pending.add(owed);
                sent.add(owed.sent());
            }
            if (sendingNow) {
                return sent;
            }
            sendingNow = true;
        }
        sendWhilePending();
        return sent;
    }

    /**
     * Sends rounds until nothing is owed. Bounded: each caller adds what it owes (one message, or its consumer's
     * batch) and then waits, so a round takes at most what the node's consumers have waiting.
     */
    private void sendWhilePending() {
        try {
            while (true) {
                List<Owed> round;
                synchronized (pending) {
                    if (pending.isEmpty()) {
                        sendingNow = false;
                        return;
                    }
                    round = new ArrayList<>(pending);
                    pending.clear();
                }
                for (List<Owed> batch : batches(round)) {
                    send(batch);
                }
            }
        } catch (Error fatal) {
            List<Owed> left;
            synchronized (pending) {
                sendingNow = false;
                left = new ArrayList<>(pending);
                pending.clear();
            }
            left.forEach(o -> o.sent().completeExceptionally(fatal));
            throw fatal;
        }
    }

    /** A round split by sender and case, in arrival order, at most MAX_COVERED each. */
    private static List<List<Owed>> batches(List<Owed> round) {
        Map<Batch, List<Owed>> bySender = new LinkedHashMap<>();
        for (Owed owed : round) {
            bySender.computeIfAbsent(Batch.of(owed.message()), b -> new ArrayList<>()).add(owed);
        }
        List<List<Owed>> batches = new ArrayList<>();
        for (List<Owed> all : bySender.values()) {
            // A receipt names each message once: two copies of one message (a resend in the same consumer batch as the
            // first) go in two receipts, each with its own digest.
            List<List<Owed>> receipts = new ArrayList<>();
            List<java.util.Set<java.util.UUID>> named = new ArrayList<>();
            for (Owed owed : all) {
                java.util.UUID id = owed.message().header().messageId();
                int i = 0;
                while (i < receipts.size() && (receipts.get(i).size() >= DeliveryReceipts.MAX_COVERED || named.get(i).contains(id))) {
                    i++;
                }
                if (i == receipts.size()) {
                    receipts.add(new ArrayList<>());
                    named.add(new java.util.HashSet<>());
                }
                receipts.get(i).add(owed);
                named.get(i).add(id);
            }
            batches.addAll(receipts);
        }
        return batches;
    }

    private void send(List<Owed> batch) {
        List<CompletableFuture<AuditRecord>> records;
        try {
            records = sending.apply(batch.stream().map(Owed::message).toList());
        } catch (RuntimeException notSent) {
            batch.forEach(o -> o.sent().completeExceptionally(notSent));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<AuditRecord> sent = batch.get(i).sent();
            records.get(i).whenComplete((record, failed) -> {
                if (failed != null) {
                    sent.completeExceptionally(failed);
                } else {
                    sent.complete(record);
                }
            });
        }
    }
}
