package eu.bus.exchange;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * The drop directory's files that failed for a passing reason (broker or audit log down, I/O): when
 * each may be tried again, the wait doubling from {@link Backoff#first()} up to {@link Backoff#max()}.
 * It also says when a file starts failing and when it recovers, so each is logged once, not per poll.
 * One thread (the drop directory's poll) uses it.
 */
final class DropRetries {

    /** How long to wait after the first failure, and the longest wait. */
    record Backoff(Duration first, Duration max) {

        static final Backoff STANDARD = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));

        Backoff {
            if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
                throw new IllegalArgumentException("back-off needs 0 < first <= max, was first " + first + ", max " + max);
            }
        }
    }

    private record Failing(long retryAtNanos, Duration delay, int attempts) {
    }

    private final Backoff backoff;
    private final LongSupplier nanoTime;
    private final Map<String, Failing> failing = new HashMap<>();

    /** @param nanoTime a monotonic clock ({@code System::nanoTime}), so a change of the wall clock does not stall retries */
    DropRetries(Backoff backoff, LongSupplier nanoTime) {
        this.backoff = backoff;
        this.nanoTime = nanoTime;
    }

    Backoff backoff() {
        return backoff;
    }

    /** True unless the file failed and its wait is not over yet. */
    boolean due(String name) {
        Failing f = failing.get(name);
        return f == null || nanoTime.getAsLong() - f.retryAtNanos() >= 0;
    }

    /** Records a failed attempt; true when the file was not failing before (the one time to log it). */
    boolean failed(String name) {
        Failing before = failing.get(name);
        Duration wait = before == null ? backoff.first() : min(before.delay().multipliedBy(2), backoff.max());
        failing.put(name, new Failing(nanoTime.getAsLong() + wait.toNanos(), wait, before == null ? 1 : before.attempts() + 1));
        return before == null;
    }

    /** The file has an outcome; the number of failed attempts before it (0 if none, the time to log a recovery). */
    int settled(String name) {
        Failing f = failing.remove(name);
        return f == null ? 0 : f.attempts();
    }

    /** Forgets files no longer in the outbox (taken away by whoever dropped them). */
    void keepOnly(Set<String> names) {
        failing.keySet().retainAll(names);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
