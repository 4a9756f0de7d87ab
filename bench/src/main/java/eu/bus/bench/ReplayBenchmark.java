package eu.bus.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.archive.MessageArchive;
import eu.bus.audit.AuditEntry;
import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditLogConfig;
import eu.bus.audit.JcaCheckpointSigner;
import eu.bus.audit.Sha256;
import eu.bus.bench.hop.HopBenchmark;
import eu.bus.cli.BusCommand;
import eu.bus.cli.ExitCodes;
import eu.bus.envelope.MessageProtector;
import eu.bus.keys.CertificateDirectory;
import eu.bus.keys.DevPki;
import eu.bus.keys.LiveRegistry;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import eu.bus.validation.MessageValidator;
import eu.bus.validation.ValidationReport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Replay (issue 13): what BE-NMT received, N protected 4 KiB intelligence reports from NL-NMT archived and recorded
 * RECEIVED, OPENED and DELIVERED as its gateway does, then {@code bus audit replay} on that log timed whole: verify the
 * log, open and verify every archived copy, validate it against its pinned and newest schema versions, audit each
 * REPLAYED. Best of three, each on a fresh copy of the log (a replay appends to it). Run with {@code bench/replay.sh}.
 */
public final class ReplayBenchmark {

    static final String SECTION = "## Replay";

    private static final String HELP = """
            Usage: bench/replay.sh [options]
            Replay (docs/BENCHMARKS.md, "%s"): archives N protected 4 KiB intelligence reports as BE-NMT received them (with
            their RECEIVED, OPENED, DELIVERED records), then times bus audit replay on the log, best of 3. The last line is
            machine-readable: RESULT messages=N messages_per_s=N seconds=N

              --messages N  the messages received (default 10000)
              --no-append   print only; do not append to docs/BENCHMARKS.md
              --doc FILE    the document to append to (default docs/BENCHMARKS.md)
            """.formatted(SECTION);

    private ReplayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, HELP, "bench/replay.sh", java.util.Map.of("--messages", 10_000));
        if (options == null) {
            return;
        }
        int messages = options.number("--messages");
        Path work = Files.createTempDirectory("bus-replay-bench-");
        try {
            run(work, messages, options.append(), options.doc(), args);
        } finally {
            HopBenchmark.delete(work);
        }
    }

    private static void run(Path work, int messages, boolean append, Path doc, String[] args) throws Exception {
        String loadBefore = HopBenchmark.load();
        Path pki = work.resolve("pki");
        DevPki.init(pki, List.of("NL-NMT", "BE-NMT"));
        Path received = work.resolve("received");
        System.out.printf("archiving %,d messages as BE-NMT received them...%n", messages);
        receive(pki, received, messages);
        long best = Long.MAX_VALUE;
        for (int run = 0; run < 3; run++) {
            Path copy = work.resolve("run-" + run);
            copy(received, copy);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            long start = System.nanoTime();
            int exit = ExitCodes.newCommandLine(new BusCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("audit", "replay", "--logs", copy.resolve("audit").toString(), "--pki", pki.toString(),
                            "--ca", pki.resolve("ca.pem").toString(), "--purpose", "benchmark", "--json");
            long took = System.nanoTime() - start;
            if (exit != 0 || !out.toString().contains("\"replayed\":" + messages + ",\"differences\":0")) {
                throw new IllegalStateException("bus audit replay exit " + exit + ": " + err + tail(out.toString()));
            }
            best = Math.min(best, took);
            HopBenchmark.delete(copy);
        }
        String result = String.format("RESULT messages=%d messages_per_s=%.0f seconds=%.2f", messages, messages / (best / 1e9), best / 1e9);
        String report = "### " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n\n"
                + "- Command: `bench/replay.sh " + String.join(" ", args) + "`\n"
                + "- Machine: " + Runtime.getRuntime().availableProcessors() + " cores (`nproc`), " + HopBenchmark.cpuModel()
                + ", Java " + System.getProperty("java.version") + "; load before " + loadBefore + ", after " + HopBenchmark.load() + "\n"
                + String.format("- Log: %,d intelligence reports of 4 KiB that BE-NMT received from NL-NMT (CMS signed and encrypted,"
                        + " archived, RECEIVED, OPENED and DELIVERED recorded)%n", messages)
                + String.format("- `bus audit replay --json` whole (verify the log, then per message: read the archived body and"
                        + " check its digest, decrypt, verify the signature and the signer's certificate at arrival, validate under"
                        + " the pinned and the newest schema version, one REPLAYED record durable per 256), best of 3, one"
                        + " thread: **%.2f s**, **%.0f messages/s**%n", best / 1e9, messages / (best / 1e9))
                + "- `" + result + "`\n\n";
        System.out.print(report);
        if (append) {
            HopBenchmark.appendToDoc(doc, SECTION, report);
            System.out.println("appended to " + doc);
        }
        System.out.println(result);
    }

    /** BE-NMT's audit/ and archive/ as its gateway leaves them after receiving {@code count} messages. */
    private static void receive(Path pki, Path dir, int count) throws Exception {
        NodeTrust trust = NodeTrust.load(pki);
        MessageProtector nl = new MessageProtector(NodeCredentials.load(pki, "NL-NMT"), CertificateDirectory.of(LiveRegistry.follow(pki)),
                trust, Clock.systemUTC());
        MessageArchive archive = MessageArchive.at(dir.resolve("archive"));
        MessageValidator validator = new MessageValidator();
        ObjectNode template = (ObjectNode) Json.mapper().readTree(SampleMessages.intelligenceReport(4096));
        try (AuditLog log = AuditLog.open(AuditLogConfig.of(dir.resolve("audit"), "BE-NMT").withCheckpointEvery(1_000, Duration.ofMinutes(10)),
                JcaCheckpointSigner.of(NodeCredentials.load(pki, "BE-NMT")))) {
            for (int i = 0; i < count; i++) {
                ObjectNode document = template.deepCopy();
                ObjectNode header = (ObjectNode) document.get("header");
                header.put("messageId", UUID.randomUUID().toString()).put("createdAt", Instant.now().toString());
                header.putArray("recipients").add("BE-NMT");
                ValidationReport report = validator.validate(document);
                MessageHeader h = report.header();
                byte[] bytes = nl.protect(h, Json.mapper().writeValueAsBytes(document.get("payload")));
                archive.store(h, bytes);
                String digest = Sha256.hex(bytes);
                log.append(AuditEntry.of(AuditEvent.RECEIVED).message(h).digest(digest).build());
                log.append(AuditEntry.of(AuditEvent.OPENED).message(h).digest(digest).reason("signed by NL-NMT").build());
                log.append(AuditEntry.of(AuditEvent.DELIVERED).message(h).digest(digest).build());
            }
        }
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }

    private static String tail(String text) {
        return text.length() < 2_000 ? text : text.substring(text.length() - 2_000);
    }
}
