package eu.bus.bench;

import eu.bus.audit.AuditLog;
import eu.bus.audit.AuditLogConfig;
import eu.bus.audit.AuditVerifier;
import eu.bus.audit.CheckpointRevocation;
import eu.bus.audit.JcaCheckpointSigner;
import eu.bus.audit.RecordReader;
import eu.bus.audit.VerificationReport;
import eu.bus.bench.hop.HopBenchmark;
import eu.bus.keys.DevPki;
import eu.bus.keys.NodeCredentials;
import eu.bus.keys.NodeTrust;
import eu.bus.keys.Pem;
import eu.bus.verify.BusVerify;
import eu.bus.witness.CheckpointWitnessing;
import eu.bus.witness.Witness;
import eu.bus.witness.WitnessPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Audit verification with witnesses (issue 13): a node's log of N records, a checkpoint every 1,000 and two
 * witnesses (EUROPOL, EUROJUST) cosigning every twentieth and the last; then records verified per second by the
 * bus's own verifier without and with {@code --witnesses 2}, and by the standalone {@code bus-verify.jar} with
 * {@code --witnesses 2}, best of three runs each (the files in the page cache). Also the time of the last witnessing
 * round. Run with {@code bench/verify.sh}.
 */
public final class WitnessedVerifyBenchmark {

    static final String SECTION = "## Audit verification with witnesses";

    private static final String HELP = """
            Usage: bench/verify.sh [options]
            Audit verification with witnesses (docs/BENCHMARKS.md, "%s"): writes a log of N records with a checkpoint
            every 1,000, two witnesses cosigning every 20th checkpoint and the last, then times the bus's verifier
            (without and with --witnesses 2) and the standalone bus-verify.jar (--witnesses 2), best of 3 each, and one
            witnessing round. The last line is machine-readable:
            RESULT records=N bus_records_per_s=N bus_witnessed_records_per_s=N standalone_witnessed_records_per_s=N round_ms=N

              --records N   the log's records (default 200000)
              --no-append   print only; do not append to docs/BENCHMARKS.md
              --doc FILE    the document to append to (default docs/BENCHMARKS.md)
            """.formatted(SECTION);

    private WitnessedVerifyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs options = BenchArgs.parse(args, HELP, "bench/verify.sh", java.util.Map.of("--records", 200_000));
        if (options == null) {
            return;
        }
        int records = options.number("--records");
        Path work = Files.createTempDirectory("bus-verify-bench-");
        try {
            run(work, records, options.append(), options.doc(), args);
        } finally {
            HopBenchmark.delete(work);
        }
    }

    private static void run(Path work, int records, boolean append, Path doc, String[] args) throws Exception {
        String loadBefore = HopBenchmark.load();
        Path pki = work.resolve("pki");
        DevPki.init(pki, List.of("NL-NMT", "EUROPOL", "EUROJUST"));
        NodeTrust trust = NodeTrust.load(pki);
        List<Witness> witnesses = new ArrayList<>();
        for (String node : List.of("EUROPOL", "EUROJUST")) {
            witnesses.add(Witness.ofNode(pki, node, trust, work.resolve("witness-" + node), Clock.systemUTC()));
        }
        Path log = work.resolve("audit");
        CheckpointWitnessing witnessing = new CheckpointWitnessing(log, witnesses.stream().map(Witness::inProcess).toList());
        System.out.printf("writing %,d records with a checkpoint every 1,000, witnessed every 20,000...%n", records);
        long roundNanos = 0;
        try (AuditLog audit = AuditLog.open(AuditLogConfig.of(log, "NL-NMT").withCheckpointEvery(1_000, Duration.ofMinutes(10)),
                JcaCheckpointSigner.of(NodeCredentials.load(pki, "NL-NMT")))) {
            CompletableFuture<?> last = null;
            for (int i = 0; i < records; i++) {
                last = audit.append(AuditFixtures.entry(i));
                if ((i + 1) % 20_000 == 0 || i == records - 1) {
                    last.join();
                    audit.checkpoint();
                    long start = System.nanoTime();
                    witnessing.round().forEach(o -> {
                        if (!o.cosigned()) {
                            throw new IllegalStateException(o.toString());
                        }
                    });
                    roundNanos = System.nanoTime() - start;
                }
            }
        }
        WitnessPolicy two = new WitnessPolicy(witnesses.stream().map(Witness::key).toList(), 2, List.of());
        double bus = best(() -> timed(log, pki, WitnessPolicy.none(), records));
        double busWitnessed = best(() -> timed(log, pki, two, records));
        double standalone = best(() -> standalone(log, pki, records));
        String result = String.format("RESULT records=%d bus_records_per_s=%.0f bus_witnessed_records_per_s=%.0f"
                        + " standalone_witnessed_records_per_s=%.0f round_ms=%.0f", records, records / (bus / 1e9),
                records / (busWitnessed / 1e9), records / (standalone / 1e9), roundNanos / 1e6);
        String report = "### " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n\n"
                + "- Command: `bench/verify.sh " + String.join(" ", args) + "`\n"
                + "- Machine: " + Runtime.getRuntime().availableProcessors() + " cores (`nproc`), " + HopBenchmark.cpuModel()
                + ", Java " + System.getProperty("java.version") + "; load before " + loadBefore + ", after " + HopBenchmark.load() + "\n"
                + String.format("- Log: %,d records of NL-NMT, %d checkpoints, %d of them cosigned by EUROPOL and EUROJUST%n",
                records, records / 1_000, records / 20_000 + (records % 20_000 == 0 ? 0 : 1))
                + String.format("- Records verified per second (best of 3, one thread): bus verifier %.0f; with --witnesses 2 **%.0f**;"
                        + " standalone bus-verify.jar with --witnesses 2 **%.0f**%n", records / (bus / 1e9),
                records / (busWitnessed / 1e9), records / (standalone / 1e9))
                + String.format("- The last witnessing round (the node reads what was appended since its previous round, makes"
                        + " the consistency proof from the %,d leaf hashes it keeps, and two witnesses check it and cosign):"
                        + " %.0f ms%n", records, roundNanos / 1e6)
                + "- `" + result + "`\n\n";
        System.out.print(report);
        if (append) {
            HopBenchmark.appendToDoc(doc, SECTION, report);
            System.out.println("appended to " + doc);
        }
        System.out.println(result);
    }


    private static double best(LongSupplier run) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            best = Math.min(best, run.getAsLong());
        }
        return best;
    }

    private static long timed(Path log, Path pki, WitnessPolicy policy, int records) {
        long start = System.nanoTime();
        VerificationReport report = new AuditVerifier(log, Pem.readCertificate(pki.resolve("ca.pem")),
                CheckpointRevocation.notChecked(), policy).verify(RecordReader.Progress.NONE);
        long took = System.nanoTime() - start;
        if (!report.ok() || report.records() != records) {
            throw new IllegalStateException(report.summary());
        }
        return took;
    }

    private static long standalone(Path log, Path pki, int records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int exit = BusVerify.run(new String[] {log.toString(), "--ca", pki.resolve("ca.pem").toString(), "--witnesses", "2",
                "--no-archive"}, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
        long took = System.nanoTime() - start;
        String said = out.toString(StandardCharsets.UTF_8);
        if (exit != 0 || !said.startsWith("OK: " + records + " records")) {
            throw new IllegalStateException(said);
        }
        return took;
    }
}
