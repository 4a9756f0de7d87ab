package eu.bus.audit;

import eu.bus.keys.NodeCredentials;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * Run in a separate JVM by {@link AuditCrashTest}: appends from three threads until killed, and
 * prints "sequence user ." for each record only once its append is acknowledged (durable).
 * Arguments: audit directory, PKI directory, node id, a tag that makes each record's user unique.
 */
public final class CrashingAppender {

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        NodeCredentials node = NodeCredentials.load(Path.of(args[1]), args[2]);
        String tag = args[3];
        PrintStream out = new PrintStream(System.out, false);
        AuditLog log = AuditLog.open(AuditLogConfig.of(dir, args[2]).withSegmentBytes(64 * 1024)
                .withCheckpointEvery(50, Duration.ofMillis(20)), JcaCheckpointSigner.of(node));
        for (int t = 0; t < 3; t++) {
            int thread = t;
            Thread appender = new Thread(() -> {
                Semaphore inFlight = new Semaphore(16);
                for (long i = 0; ; i++) {
                    inFlight.acquireUninterruptibly();
                    String user = tag + "-" + thread + "-" + i;
                    log.append(AuditEntry.of(AuditEvent.RECEIVED).user(user).caseId("CASE-2026-000001")
                            .protectedBytes(user.getBytes()).build()).whenComplete((r, e) -> {
                                if (r != null) {
                                    synchronized (out) {
                                        out.println(r.sequence() + " " + user + " .");
                                        out.flush();
                                    }
                                }
                                inFlight.release();
                            });
                }
            });
            appender.start();
        }
    }

    private CrashingAppender() {
    }
}
