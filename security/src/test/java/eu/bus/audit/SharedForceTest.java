package eu.bus.audit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedForceTest {

    @Test
    void shouldCoverEveryWriteWithAForceThatStartedAfterItWhenCallersShareForces() throws Exception {
        AtomicLong written = new AtomicLong();      // what has been "written" so far
        AtomicLong durable = new AtomicLong();      // what the last completed force made durable
        SharedForce shared = new SharedForce(() -> {
            long upTo = written.get();               // a force covers what was written before it started
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
            f.get(); // rethrows a caller's AssertionError
        }
        pool.shutdown();
    }

    @Test
    void shouldRunOneForceForCallersThatQueuedWhileAnotherForceRan() throws Exception {
        CountDownLatch firstForceRunning = new CountDownLatch(1);
        CountDownLatch releaseFirstForce = new CountDownLatch(1);
        AtomicInteger forces = new AtomicInteger();
        SharedForce shared = new SharedForce(() -> {
            if (forces.incrementAndGet() == 1) {
                firstForceRunning.countDown();
                try {
                    if (!releaseFirstForce.await(30, TimeUnit.SECONDS)) {
                        throw new IOException("the test never released the first force");
                    }
                } catch (InterruptedException e) {
                    throw new InterruptedIOException();
                }
            }
        });
        Thread first = start(shared);
        assertTrue(firstForceRunning.await(30, TimeUnit.SECONDS));
        Thread second = start(shared);
        Thread third = start(shared);
        // Both have taken their ticket and wait for the running force to finish.
        await().atMost(Duration.ofSeconds(30)).until(() ->
                second.getState() == Thread.State.BLOCKED && third.getState() == Thread.State.BLOCKED);
        releaseFirstForce.countDown();
        for (Thread t : List.of(first, second, third)) {
            t.join();
        }
        assertEquals(2, forces.get(), "the two callers that queued behind the first force share one");
    }

    private static Thread start(SharedForce shared) {
        Thread t = new Thread(() -> {
            try {
                shared.await();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        t.start();
        return t;
    }
}
