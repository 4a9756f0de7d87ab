package eu.bus.reliability;

import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Submits numbered messages 1..N from a few threads, as many clients would, and books each answer in
 * the {@link Ledger}. A refused number is submitted again under a new id (the next attempt) until the
 * bus accepts it, so every number ends up accepted exactly once; {@code afterAccepted} runs after each
 * acceptance with the count so far (a scenario's trigger: kill something at the 2,000th).
 */
final class Submitter {

    /** How the scenario submits: REST, the gateway in this JVM, ... Returns the id the bus answered, or throws. */
    @FunctionalInterface
    interface Way {
        String submit(byte[] document) throws Exception;
    }

    private final Ledger ledger;
    private final Way way;
    private final int threads;

    Submitter(Ledger ledger, Way way, int threads) {
        this.ledger = ledger;
        this.way = way;
        this.threads = threads;
    }

    /** Submits 1..count; returns when every number was accepted (or throws if that took longer than {@code minutes}). */
    void submit(int count, IntConsumer afterAccepted, long minutes) throws InterruptedException {
        submit(1, count, afterAccepted, minutes);
    }

    /** Submits first..last; as {@link #submit(int, IntConsumer, long)}. */
    void submit(int first, int last, IntConsumer afterAccepted, long minutes) throws InterruptedException {
        AtomicInteger next = new AtomicInteger(first);
        AtomicInteger acceptedSoFar = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int seq = next.getAndIncrement(); seq <= last; seq = next.getAndIncrement()) {
                    submitUntilAccepted(seq);
                    afterAccepted.accept(acceptedSoFar.incrementAndGet());
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(minutes, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("submitting " + first + ".." + last + " took more than " + minutes + " minutes; accepted "
                    + acceptedSoFar.get());
        }
    }

    private void submitUntilAccepted(int seq) {
        NumberedMessages messages = ledger.messages();
        for (int attempt = 0; ; attempt++) {
            UUID id = messages.id(seq, attempt);
            try {
                String answered = way.submit(messages.message(seq, attempt));
                if (!id.toString().equals(answered)) {
                    throw new AssertionError("the bus answered id " + answered + " for message " + id);
                }
                ledger.accepted(seq, id);
                return;
            } catch (Exception refused) {
                ledger.refused(seq, id, refused.getMessage());
                sleep(200);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
