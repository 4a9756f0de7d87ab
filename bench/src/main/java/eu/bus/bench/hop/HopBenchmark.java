package eu.bus.bench.hop;

import eu.bus.broker.BrokerSettings;
import eu.bus.broker.BusAddresses;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.keys.DevPki;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.keys.PemExport;
import eu.bus.keys.PkiLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One protected hop against the raw broker, side by side in one run (docs/BENCHMARKS.md, issue 5).
 * Run with {@code bench/hop.sh}; {@code bench/hop.sh --help} lists the options.
 */
public final class HopBenchmark {

    static final String SECTION = "## One protected hop";

    private static final String HELP = """
            Usage: bench/hop.sh [options]
            One protected hop (NL-ENU submits a 4 KiB intelligence report to BE-ENU, EUROPOL and EUROJUST:
            validate, policy, CMS sign+encrypt for 3, archive, durable audit, persistent JMS send; each
            recipient opens, verifies, validates, delivers, audits, returns a signed receipt) against the raw
            broker (artemis perf client --persistent, 4 KiB, same embedded broker, same TLS acceptor, NL-ENU's
            certificate, NL-ENU's inbox), in one run on a fresh temporary bus. Prints the figures and the
            ratio and appends them to docs/BENCHMARKS.md under "%s". The last line is machine-readable:
            RESULT hops_per_s=N raw_max_pending_100_per_s=N raw_max_pending_1_per_s=N ratio=N p50_ms=N p99_ms=N
            cpu_ms_per_copy=N (ratio: hops / raw with 100 in flight; p50, p99: submit to delivered at all three
            recipients under the latency run's steady load).

              --quick           a short run (under 3 minutes): 500 messages, 1 round, 8 s raw runs, 10 s of
                                latency, no transport-only run; the same RESULT line
              --messages N      measured messages per round (default 3000)
              --warmup N        warm-up messages before the first round (default 1000)
              --submitters N    submitting threads (default 4)
              --rounds N        hop and raw measurements each, alternating; medians reported (default 2)
              --raw-seconds N   duration of each perf client run (default 20, plus 5 s warm-up); two runs per
                                round: one message in flight (--max-pending 1) and 100 (--max-pending 100)
              --latency-rate N  offered load of the latency run, messages per second (default 50)
              --latency-seconds N  its duration (default 30; 0 skips it)
              --no-raw          skip the raw baseline
              --transport N     messages per round of the transport-only run (the gateways' sender and
                                Camel JMS consumer moving 4 KiB without the security and audit work;
                                default 10000; 0 skips it)
              --profile         sample the message threads' stacks and print where the wall time goes
              --label TEXT      what this run measures (goes into the report)
              --no-append       print only; do not append to docs/BENCHMARKS.md
              --artemis DIR     the Artemis distribution (default bench/target/artemis/apache-artemis-*)
              --doc FILE        the document to append to (default docs/BENCHMARKS.md)
            """.formatted(SECTION);

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        if (o.help) {
            System.out.print(HELP);
            return;
        }
        Path work = Files.createTempDirectory("bus-hop-");
        String loadBefore = load();
        BusLayout layout = new BusLayout(work);
        DevPki.init(layout.pki(), HopWorkload.NODES);
        HopWorkload workload = new HopWorkload(4096);
        List<HopRun.Result> hops = new ArrayList<>();
        List<Double> raws = new ArrayList<>();
        List<Double> transports = new ArrayList<>();
        List<Double> transportCpu = new ArrayList<>();
        String rawCommand = "(skipped)";
        String profile = null;
        HopRun[] run = new HopRun[1];
        LatencyRun[] latency = new LatencyRun[1];
        List<Double> raws100 = new ArrayList<>();
        LatencyRun.Result latencyResult = null;
        // Artemis' perf client stamps each message with a "time" property, which the bus's broker refuses from
        // any client; the benchmark's broker lets that one through for the raw baseline (never a production setting).
        try (BusNetwork bus = BusNetwork.start(layout, HopWorkload.NODES, Clock.systemUTC(),
                audit -> audit.onRecord(r -> {
                    run[0].onRecord(r);
                    if (latency[0] != null) {
                        latency[0].onRecord(r);
                    }
                }),
                BrokerSettings.defaults(layout.broker(), layout.pki()).withPort(0)
                        .withExtraClientProperties(RawBaseline.PERF_CLIENT_PROPERTIES))) {
            run[0] = new HopRun(bus, workload);
            TransportRun transport = o.transport > 0 ? new TransportRun(bus, 4096) : null;
            System.out.printf("bus on %s, broker 127.0.0.1:%d; message %d bytes; load %s%n", work, bus.broker().port(),
                    workload.size(), loadBefore);
            System.out.printf("warm-up: %d messages...%n", o.warmup);
            run[0].run(o.warmup, o.submitters);
            RawBaseline raw = o.raw ? new RawBaseline(o.artemis()) : null;
            List<String> cmd = null;
            List<String> cmd100 = null;
            if (raw != null) {
                Path pem = work.resolve("perf-client-key.pem"); // deleted with the work directory
                PemExport.keyAndCertificate(layout.pki(), HopWorkload.SENDER, KeyPurpose.SIGNING, pem,
                        KeyStorePasswords.fromEnvironment());
                String url = RawBaseline.url(bus.broker().host(), bus.broker().port(), pem, new PkiLayout(layout.pki()).caCertificate());
                cmd = raw.command(url, BusAddresses.inbox(HopWorkload.SENDER), 4096, o.rawSeconds, 5, 1);
                cmd100 = raw.command(url, BusAddresses.inbox(HopWorkload.SENDER), 4096, o.rawSeconds, 5, 100);
                rawCommand = String.join(" ", cmd).replace(work.toString(), "$TMP");
            }
            for (int round = 1; round <= o.rounds; round++) {
                StackSampler sampler = o.profile && round == 1 ? new StackSampler(5) : null;
                HopRun.Result r = run[0].run(o.messages, o.submitters);
                if (sampler != null) {
                    sampler.close();
                    profile = sampler.report();
                    System.out.print(profile);
                }
                hops.add(r);
                System.out.printf("round %d hop: %d messages in %.2f s = %.0f msg/s (submits done at %.2f s, receipts in at %.2f s;"
                                + " %.1f ms CPU per message, whole JVM; %.2f signed receipts per delivered copy)%n",
                        round, r.messages(), r.seconds(), r.perSecond(), r.submitSeconds(), r.receiptedSeconds(), r.cpuMillisPerMessage(),
                        r.receiptsSent() / (3.0 * r.messages()));
                if (transport != null) {
                    double rate = transport.run(o.transport, o.submitters);
                    transports.add(rate);
                    transportCpu.add(transport.lastCpuMicrosPerMessage());
                    System.out.printf("round %d transport only: %.0f msg/s (%.0f us CPU per message, whole JVM)%n", round, rate,
                            transport.lastCpuMicrosPerMessage());
                }
                if (raw != null) {
                    bus.camel().getRouteController().stopRoute("inbox-" + HopWorkload.SENDER);
                    try {
                        double rate = raw.run(cmd, work.resolve("perf-client-" + round + ".log"));
                        raws.add(rate);
                        System.out.printf("round %d raw: artemis perf client --persistent --max-pending 1 = %.0f msg/s%n", round, rate);
                        double rate100 = raw.run(cmd100, work.resolve("perf-client-100-" + round + ".log"));
                        raws100.add(rate100);
                        System.out.printf("round %d raw: artemis perf client --persistent --max-pending 100 = %.0f msg/s%n",
                                round, rate100);
                    } finally {
                        bus.camel().getRouteController().startRoute("inbox-" + HopWorkload.SENDER);
                    }
                }
            }
            if (transport != null) {
                transport.close();
            }
            if (o.latencySeconds > 0) {
                System.out.printf("latency: %d msg/s offered for %d s...%n", o.latencyRate, o.latencySeconds);
                latency[0] = new LatencyRun(bus, workload);
                latencyResult = latency[0].run(o.latencyRate, o.latencySeconds);
                System.out.printf("latency at %d msg/s: submit to delivered p50 %.0f ms, p99 %.0f ms; to receipted p50 %.0f ms,"
                        + " p99 %.0f ms (%d messages)%n", o.latencyRate, latencyResult.deliveredP50(), latencyResult.deliveredP99(),
                        latencyResult.receiptedP50(), latencyResult.receiptedP99(), latencyResult.messages());
            }
        } finally {
            delete(work);
        }
        double hop = median(hops.stream().map(HopRun.Result::perSecond).toList());
        double rawRate = raws.isEmpty() ? Double.NaN : median(raws);
        double raw100 = raws100.isEmpty() ? Double.NaN : median(raws100);
        double cpuPerCopy = median(hops.stream().map(HopRun.Result::cpuMillisPerMessage).toList()) / HopWorkload.RECIPIENTS.size();
        String result = String.format(java.util.Locale.ROOT, "RESULT hops_per_s=%.1f raw_max_pending_100_per_s=%.1f"
                        + " raw_max_pending_1_per_s=%.1f ratio=%.4f p50_ms=%.1f p99_ms=%.1f cpu_ms_per_copy=%.2f",
                hop, raw100, rawRate, hop / raw100, latencyResult == null ? Double.NaN : latencyResult.deliveredP50(),
                latencyResult == null ? Double.NaN : latencyResult.deliveredP99(), cpuPerCopy);
        String report = report(o, hops, raws, transports, transportCpu, hop, rawRate, rawCommand, loadBefore, load(), profile, workload.size())
                + aims(o, raws100, raw100, hop, latencyResult, cpuPerCopy, result);
        System.out.println();
        System.out.print(report);
        if (o.append) {
            appendToDoc(o.doc, report);
            System.out.println("appended to " + o.doc);
        }
        System.out.println(result);
    }

    /** The figures issue 12 aims at: the hop against raw with 100 in flight, latency at a steady load, CPU per copy. */
    private static String aims(Options o, List<Double> raws100, double raw100, double hop, LatencyRun.Result latency,
                               double cpuPerCopy, String result) {
        StringBuilder out = new StringBuilder();
        out.append("- Raw with 100 in flight (`--max-pending 100`, otherwise the same command): rounds: ");
        raws100.forEach(r -> out.append(String.format("%.0f ", r)));
        out.append(String.format("msg/s; **hop / raw(100) = %.4f**%n", hop / raw100));
        if (latency != null) {
            out.append(String.format("- Latency at %.0f msg/s offered (%d messages): submit to delivered at all three recipients"
                            + " p50 %.0f ms, p99 %.0f ms; submit to the third signed receipt p50 %.0f ms, p99 %.0f ms%n",
                    latency.offeredPerSecond(), latency.messages(), latency.deliveredP50(), latency.deliveredP99(),
                    latency.receiptedP50(), latency.receiptedP99()));
        }
        out.append(String.format("- CPU per delivered copy (whole JVM: broker and 4 nodes, receipts included): %.2f ms%n", cpuPerCopy));
        out.append("- `").append(result).append("`\n\n");
        return out.toString();
    }

    private static String report(Options o, List<HopRun.Result> hops, List<Double> raws, List<Double> transports, List<Double> transportCpu, double hop, double raw,
                                 String rawCommand, String loadBefore, String loadAfter, String profile, int size) {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append(o.label.isEmpty() ? "" : ": " + o.label).append("\n\n");
        out.append("- Command: `bench/hop.sh ").append(String.join(" ", o.args.stream().map(a -> a.contains(" ") ? "\"" + a + "\"" : a).toList())).append("`\n");
        out.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (`nproc`), ")
                .append(cpuModel()).append(", Java ").append(System.getProperty("java.version")).append("\n");
        out.append("- Load average (1/5/15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter).append("\n");
        out.append("- Hop: ").append(o.messages).append(" messages per round (").append(size).append(" bytes, 3 recipients, persistent) from ")
                .append(o.submitters).append(" submitter threads after ").append(o.warmup).append(" warm-up messages; rounds: ");
        hops.forEach(r -> out.append(String.format("%.0f ", r.perSecond())));
        out.append("msg/s (all 3 deliveries durably audited; signed receipts in at ");
        hops.forEach(r -> out.append(String.format("%.0f ", r.messages() / r.receiptedSeconds())));
        out.append("msg/s); CPU of the whole JVM (broker and 4 nodes) per message, receipts included: ");
        hops.forEach(r -> out.append(String.format("%.1f ", r.cpuMillisPerMessage())));
        out.append("ms\n");
        if (!transports.isEmpty()) {
            out.append("- Transport only (`TransportRun`: the gateways' `BrokerSender` and a Camel JMS route with the gateways' consumer options, ")
                    .append(o.transport).append(" messages of 4096 bytes per round, one copy each, NL-ENU's inbox): rounds: ");
            transports.forEach(r -> out.append(String.format("%.0f ", r)));
            out.append("msg/s; CPU of the whole JVM per message: ");
            transportCpu.forEach(c -> out.append(String.format("%.0f ", c)));
            out.append("us\n");
        }
        out.append("- Raw: `").append(rawCommand).append("`; rounds: ");
        raws.forEach(r -> out.append(String.format("%.0f ", r)));
        out.append("msg/s\n\n");
        out.append("| | msg/s (median) |\n|---|---|\n");
        out.append(String.format("| one protected hop | %.0f |%n", hop));
        out.append(String.format("| raw Artemis, persistent | %.0f |%n", raw));
        if (!transports.isEmpty()) {
            out.append(String.format("| transport only (Camel JMS + BrokerSender, no security work) | %.0f |%n", median(transports)));
        }
        out.append(String.format("| **ratio hop / raw** | **%.3f** |%n", hop / raw));
        if (!transports.isEmpty()) {
            out.append(String.format("| **ratio transport / raw** | **%.3f** |%n", median(transports) / raw));
        }
        if (profile != null) {
            out.append("\nWhere the message threads' wall time went (stack samples every 5 ms, round 1):\n\n```\n").append(profile).append("```\n");
        }
        out.append("\n");
        return out.toString();
    }

    private static void appendToDoc(Path doc, String report) throws IOException {
        appendToDoc(doc, SECTION, report);
    }

    /** Appends {@code report} to {@code doc} at the end of {@code section} (the section is added at the end the first time). */
    public static void appendToDoc(Path doc, String section, String report) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        int at = text.indexOf(section + "\n");
        if (at < 0) {
            String gap = text.isEmpty() || text.endsWith("\n\n") ? "" : text.endsWith("\n") ? "\n" : "\n\n";
            Files.writeString(doc, gap + section + "\n\n" + report,
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return;
        }
        int next = text.indexOf("\n## ", at + section.length());
        String updated = next < 0 ? text + (text.endsWith("\n") ? "" : "\n") + "\n" + report
                : text.substring(0, next + 1) + report + text.substring(next + 1);
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    public static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    public static String cpuModel() {
        try {
            Process p = new ProcessBuilder("lscpu").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().filter(l -> l.startsWith("Model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse("unknown CPU");
        } catch (IOException | InterruptedException e) {
            return "unknown CPU";
        }
    }

    public static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Command-line options; see HELP. */
    static final class Options {
        List<String> args = List.of();
        boolean help;
        int messages = 3000;
        int warmup = 1000;
        int submitters = 4;
        int rounds = 2;
        int rawSeconds = 20;
        int transport = 10_000;
        int latencyRate = 50;
        int latencySeconds = 30;
        boolean raw = true;
        boolean profile;
        boolean append = true;
        String label = "";
        Path artemis;
        Path doc = Path.of("docs/BENCHMARKS.md");

        static Options parse(String[] args) {
            Options o = new Options();
            o.args = Arrays.asList(args);
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "-h", "--help" -> o.help = true;
                    case "--quick" -> {
                        o.messages = 500;
                        o.warmup = 200;
                        o.rounds = 1;
                        o.rawSeconds = 8;
                        o.transport = 0;
                        o.latencySeconds = 10;
                    }
                    case "--latency-rate" -> o.latencyRate = Integer.parseInt(args[++i]);
                    case "--latency-seconds" -> o.latencySeconds = Integer.parseInt(args[++i]);
                    case "--messages" -> o.messages = Integer.parseInt(args[++i]);
                    case "--warmup" -> o.warmup = Integer.parseInt(args[++i]);
                    case "--submitters" -> o.submitters = Integer.parseInt(args[++i]);
                    case "--rounds" -> o.rounds = Integer.parseInt(args[++i]);
                    case "--raw-seconds" -> o.rawSeconds = Integer.parseInt(args[++i]);
                    case "--no-raw" -> o.raw = false;
                    case "--transport" -> o.transport = Integer.parseInt(args[++i]);
                    case "--profile" -> o.profile = true;
                    case "--no-append" -> o.append = false;
                    case "--label" -> o.label = args[++i];
                    case "--artemis" -> o.artemis = Path.of(args[++i]);
                    case "--doc" -> o.doc = Path.of(args[++i]);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
                }
            }
            return o;
        }

        Path artemis() throws IOException {
            if (artemis != null) {
                return artemis;
            }
            Path base = Path.of("bench/target/artemis");
            try (Stream<Path> dists = Files.list(base)) {
                return dists.filter(p -> p.getFileName().toString().startsWith("apache-artemis-")).findFirst()
                        .orElseThrow(() -> new IllegalStateException("no Artemis distribution under " + base + "; bench/hop.sh unpacks it"));
            }
        }
    }
}
