package eu.bus.audit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 (destroyForcibly is SIGKILL on Linux) a separate JVM that appends in a loop, at random
 * moments, 20 times over; every record it reported as acknowledged must survive, and the log must
 * verify after the writer's own recovery.
 */
class AuditCrashTest {

    static final int ROUNDS = 20;

    @TempDir
    Path dir;

    @Test
    void shouldKeepEveryAcknowledgedRecordWhenKilledRepeatedly() throws Exception {
        TestPki pki = AuditTamperTest.PKI;
        long seed = System.nanoTime();
        Random random = new Random(seed);
        Map<Long, String> acknowledged = new ConcurrentHashMap<>();
        int torn = 0;
        for (int round = 0; round < ROUNDS; round++) {
            // Some rounds die right after the first acknowledgement, i.e. during or just after recovery.
            int target = round % 5 == 0 ? 1 : 1 + random.nextInt(3000);
            Path stderr = dir.resolve("stderr-" + round + ".txt");
            Process child = new ProcessBuilder(javaBin(), "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classPath(),
                    CrashingAppender.class.getName(), dir.resolve("audit").toString(), pki.dir().toString(),
                    "NL-NMT", "r" + round)
                    .redirectError(stderr.toFile()).start();
            AtomicInteger seen = new AtomicInteger();
            Thread reader = new Thread(() -> readAcks(child, acknowledged, seen));
            reader.start();
            await("round " + round + " acknowledgements (seed " + seed + ")").atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(5))
                    .until(() -> seen.get() >= target || !child.isAlive());
            assertTrue(child.isAlive(), "the appender died by itself in round " + round + ": "
                    + Files.readString(stderr));
            child.destroyForcibly().waitFor();
            reader.join();
            if (round % 4 == 3) {
                // A kill rarely tears a write (the page cache keeps it); simulate the torn write a power cut leaves.
                tearTail(dir.resolve("audit"), random);
                torn++;
            }
        }

        try (AuditLog log = AuditLog.open(AuditLogConfig.of(dir.resolve("audit"), "NL-NMT"), pki.signer("NL-NMT"))) {
            log.checkpoint();
        }
        VerificationReport report = new AuditVerifier(dir.resolve("audit"), pki.ca()).verify(RecordReader.Progress.NONE);
        assertTrue(report.ok(), report.summary());

        Map<Long, String> users = new HashMap<>();
        List<AuditRecord> recovered = new ArrayList<>();
        RecordReader.read(new LogLayout(dir.resolve("audit")), (i, d, o, l) -> {
            AuditRecord r = AuditRecordCodec.decode(d, o, l);
            users.put(r.sequence(), r.user());
            if (r.event() == AuditEvent.RECOVERED) {
                recovered.add(r);
            }
            return true;
        }, RecordReader.Progress.NONE);
        acknowledged.forEach((seq, user) -> assertEquals(user, users.get(seq),
                "acknowledged record " + seq + " lost or changed (seed " + seed + ")"));
        assertTrue(recovered.size() >= torn, "every torn tail must be cut and recorded: " + recovered.size()
                + " RECOVERED records for " + torn + " torn tails");
        System.out.printf("crash test: %d rounds, %d acknowledged, %d records, %d torn tails cut, seed %d%n",
                ROUNDS, acknowledged.size(), report.records(), recovered.size(), seed);
    }

    /** Appends the first part of a well-formed frame, as if the write of the next batch was cut short. */
    private static void tearTail(Path audit, Random random) throws IOException {
        List<Path> segments = new LogLayout(audit).segments();
        Path last = segments.get(segments.size() - 1);
        byte[] frame = Frames.encode(("{\"sequence\":999999999,\"padding\":\"" + "x".repeat(200) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        Files.write(last, java.util.Arrays.copyOf(frame, 1 + random.nextInt(frame.length - 1)),
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static void readAcks(Process child, Map<Long, String> acknowledged, AtomicInteger seen) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                // "sequence user ." : the final dot proves the line was not cut by the kill.
                String[] parts = line.split(" ");
                if (parts.length == 3 && parts[2].equals(".")) {
                    acknowledged.put(Long.parseLong(parts[0]), parts[1]);
                    seen.incrementAndGet();
                }
            }
        } catch (IOException e) {
            // the child was killed mid-line
        }
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
