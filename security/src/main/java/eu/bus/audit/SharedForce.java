package eu.bus.audit;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit of one force (fsync) of a file or directory: callers that wrote concurrently share a
 * force instead of queueing one each. A caller takes a ticket after its write; a force that starts
 * after the ticket covers it, so the caller returns as soon as such a force has completed, whoever ran it.
 */
public final class SharedForce {

    /** The force itself, e.g. {@code channel.force(false)}. */
    @FunctionalInterface
    public interface Force {
        void run() throws IOException;
    }

    private final Force force;
    private final Object forcing = new Object();
    private final AtomicLong requested = new AtomicLong();
    private long forced;

    public SharedForce(Force force) {
        this.force = force;
    }

    /** Call after writing: returns once everything written before the call is on disk. */
    public void await() throws IOException {
        long ticket = requested.incrementAndGet();
        synchronized (forcing) {
            if (forced >= ticket) {
                return; // a force that started after our write has completed
            }
            long upTo = requested.get();
            force.run();
            forced = upTo;
        }
    }
}
