package eu.bus.bench;

import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditLogConfig;
import eu.bus.audit.AuditRecord;
import eu.bus.audit.AuditRecordCodec;
import eu.bus.audit.AuditVerifier;
import eu.bus.audit.Sha256;
import eu.bus.audit.RecordReader;
import eu.bus.audit.VerificationReport;
import eu.bus.keys.Pem;
import eu.bus.keys.PkiLayout;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 * Records verified per second by the standalone verifier on a 200,000-record log (checkpoint every
 * 1,000 records: 200 signatures, roots and consistency proofs), one thread, files in the page cache.
 * Run: {@code ./bench.sh AuditVerify -f 1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(1)
public class AuditVerifyBenchmark {

    static final int RECORDS = 200_000;

    private Path dir;
    private AuditVerifier verifier;
    private final byte[] sample = AuditRecordCodec.encode(new AuditRecord(41, java.time.Instant.now(), "NL-NMT",
            "nl-nmt-analyst-7", eu.bus.audit.AuditEvent.SENT, java.util.UUID.randomUUID(), "INTELLIGENCE_REPORT",
            "CASE-2026-000123", Sha256.hex(new byte[1]), "prevent and combat trafficking in human beings (LED Art. 25)",
            null, eu.bus.audit.AuditOutcome.SUCCESS, Sha256.hex(new byte[2])));

    @Setup(Level.Trial)
    public void writeLog() {
        dir = AuditFixtures.tempDir("bus-audit-bench");
        try (AuditLog log = AuditLog.open(AuditLogConfig.of(dir.resolve("audit"), "NL-NMT"),
                AuditFixtures.signer(dir.resolve("pki")))) {
            CompletableFuture<?> last = null;
            for (int i = 0; i < RECORDS; i++) {
                last = log.append(AuditFixtures.entry(i));
            }
            last.join();
        }
        verifier = new AuditVerifier(dir.resolve("audit"), Pem.readCertificate(new PkiLayout(dir.resolve("pki")).caCertificate()));
        VerificationReport r = verifier.verify(RecordReader.Progress.NONE);
        if (!r.ok() || r.records() != RECORDS) {
            throw new IllegalStateException(r.summary());
        }
    }

    @TearDown(Level.Trial)
    public void delete() {
        AuditFixtures.delete(dir);
    }

    /** Where a record's time goes: reading the stored JSON back... */
    @Benchmark
    public AuditRecord decodeOneRecord() {
        return AuditRecordCodec.decode(sample, 0, sample.length);
    }

    /** ...and its RFC 6962 leaf hash. */
    @Benchmark
    public byte[] leafHashOneRecord() {
        return Sha256.leafHash(sample);
    }

    @Benchmark
    @OperationsPerInvocation(RECORDS)
    public VerificationReport verifyRecords() {
        return verifier.verify(RecordReader.Progress.NONE);
    }
}
