package eu.bus.audit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedForceTest {

    @Test
    void shouldCoverEveryWriteWithAForceThatStartedAfterItWhenCallersShareForces() throws Exception {
        AtomicLong written = new AtomicLong();      // what has been "written" so far
        AtomicLong durable = new AtomicLong();      // what the last completed force made durable
        AtomicInteger forces = new AtomicInteger();
        SharedForce shared = new SharedForce(() -> {
            long upTo = written.get();               // a force covers what was written before it started
            forces.incrementAndGet();
            Thread.onSpinWait();
            durable.accumulateAndGet(upTo, Math::max);
        });
        int threads = 8;
        int writesEach = 2_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            done.add(pool.submit(() -> {
                for (int i = 0; i < writesEach; i++) {
                    long mine = written.incrementAndGet();
                    shared.await();
                    if (durable.get() < mine) {
                        throw new AssertionError("write " + mine + " returned before a force covered it (durable " + durable.get() + ")");
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertTrue(forces.get() <= threads * writesEach, "never more forces than writes");
    }
}
