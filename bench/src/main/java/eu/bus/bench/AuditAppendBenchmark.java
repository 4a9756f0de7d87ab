package eu.bus.bench;

import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditLogConfig;
import eu.bus.audit.AuditRecord;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Durable audit appends per second with group commit: every operation returns only once its record
 * is forced to disk (fsync), as a route thread would wait before acknowledging a message. Sixteen
 * appender threads share one log; checkpoints are signed every 1,000 records as in production.
 * Run: {@code ./bench.sh AuditAppend -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class AuditAppendBenchmark {

    static final int PIPELINE = 64;

    private Path dir;
    private AuditLog log;
    private final AtomicLong counter = new AtomicLong();

    @Setup(Level.Trial)
    public void open() {
        dir = AuditFixtures.tempDir("bus-audit-bench");
        log = AuditLog.open(AuditLogConfig.of(dir.resolve("audit"), "NL-NMT"), AuditFixtures.signer(dir.resolve("pki")));
    }

    @TearDown(Level.Trial)
    public void close() {
        log.close();
        AuditFixtures.delete(dir);
    }

    @Benchmark
    @Threads(16)
    public AuditRecord durableAppend16Threads() {
        return log.appendAndWait(AuditFixtures.entry(counter.incrementAndGet()));
    }

    @Benchmark
    @Threads(4)
    public AuditRecord durableAppend4Threads() {
        return log.appendAndWait(AuditFixtures.entry(counter.incrementAndGet()));
    }

    /**
     * Callers that do not block per record (asynchronous confirmation): 4 threads each queue 64
     * appends and wait until all 64 are durable.
     */
    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(PIPELINE)
    public AuditRecord durableAppendPipelined4Threads() {
        CompletableFuture<AuditRecord> last = null;
        for (int i = 0; i < PIPELINE; i++) {
            last = log.append(AuditFixtures.entry(counter.incrementAndGet()));
        }
        return last.join();
    }
}
