package eu.bus.bench.hop;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.LogLayout;
import eu.bus.demo.DemoScript;
import eu.bus.exchange.MessageStatus;
import eu.bus.exchange.StatusStore;
import eu.bus.operator.AuditTrail;
import eu.bus.rest.BusApiClient;
import eu.bus.sites.ArtemisDistribution;
import eu.bus.sites.NodeProcess;
import eu.bus.sites.SiteNetwork;
import eu.bus.sites.SitePlan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A cross-site hop (NL-NMT at site NL -> NL's broker -> the EUROPOL hub's broker -> BE's broker -> BE-NMT) against
 * the same hop on one broker, in one run, everything a separate process as in production (docs/BENCHMARKS.md,
 * "A cross-site hop"). Each round submits over NL-NMT's REST API from a few clients and ends when NL-NMT holds
 * BE-NMT's signed receipt for every message.
 */
public final class SiteHopBenchmark {

    static final String SECTION = "## A cross-site hop";
    static final List<String> NODES = List.of("NL-NMT", "BE-NMT", "EUROPOL");
    static final List<String> RUNNING = List.of("NL-NMT", "BE-NMT");

    static final String HELP = """
            Usage: bench/sites-hop.sh [--messages N] [--warmup N] [--clients N] [--no-append] [--artemis-home DIR]
            A hop from NL-NMT to BE-NMT across three sites (NL, the EUROPOL hub, BE: three stock Artemis brokers, two
            node processes) and the same hop on one broker, in one run; prints both and their ratio and appends them
            to docs/BENCHMARKS.md under "%s".
              --messages N      messages per measured round (default 500)
              --warmup N        messages before measuring (default 100)
              --clients N       clients submitting at once over REST (default 4)
              --no-append       print only
              --artemis-home D  the unpacked distribution (default bench/target/artemis/apache-artemis-%s)
            """.formatted(SECTION, ArtemisDistribution.VERSION);

    /** One measured round: messages per second to the last receipt, and submit-to-delivered latencies. */
    record Round(int messages, double perSecond, double p50Millis, double p99Millis) {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        if (a.contains("--help")) {
            System.out.print(HELP);
            return;
        }
        int messages = option(a, "--messages", 500);
        int warmup = option(a, "--warmup", 100);
        int clients = option(a, "--clients", 4);
        Path artemisHome = a.contains("--artemis-home") ? Path.of(a.get(a.indexOf("--artemis-home") + 1))
                : Path.of("bench/target/artemis/apache-artemis-" + ArtemisDistribution.VERSION);
        ArtemisDistribution artemis = ArtemisDistribution.locate(artemisHome);
        String loadBefore = HopBenchmark.load();
        Round single = measure("one broker", SitePlan.oneBroker(NODES), artemis, messages, warmup, clients);
        Round crossSite = measure("three sites", SitePlan.of(NODES, List.of("EUROPOL")), artemis, messages, warmup, clients);
        String report = report(args, single, crossSite, messages, warmup, clients, loadBefore, HopBenchmark.load());
        System.out.print(report);
        System.out.printf("RESULT single_broker_per_s=%.1f cross_site_per_s=%.1f ratio=%.3f%n", single.perSecond(),
                crossSite.perSecond(), crossSite.perSecond() / single.perSecond());
        if (!a.contains("--no-append")) {
            HopBenchmark.appendToDoc(Path.of("docs/BENCHMARKS.md"), SECTION, report);
            System.out.println("appended to docs/BENCHMARKS.md");
        }
    }

    private static Round measure(String name, SitePlan plan, ArtemisDistribution artemis, int messages, int warmup,
                                 int clients) throws Exception {
        Path dir = Files.createTempDirectory("bus-sites-hop-");
        try (SiteNetwork network = SiteNetwork.create(dir, artemis, plan, line -> System.err.println("  " + line))) {
            network.start(line -> System.err.println("  " + line), RUNNING);
            NodeProcess nl = network.node("NL-NMT");
            NodeProcess be = network.node("BE-NMT");
            BusApiClient api = nl.api();
            System.err.println(name + ": warm-up, " + warmup + " messages");
            run(api, nl, be, warmup, clients);
            System.err.println(name + ": measuring, " + messages + " messages");
            Round round = run(api, nl, be, messages, clients);
            System.err.printf("%s: %.1f msg/s, submit to delivered p50 %.0f ms, p99 %.0f ms%n", name, round.perSecond(),
                    round.p50Millis(), round.p99Millis());
            return round;
        }
    }

    private static Round run(BusApiClient api, NodeProcess nl, NodeProcess be, int messages, int clients) throws Exception {
        Map<UUID, Instant> submitted = Collections.synchronizedMap(new HashMap<>());
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        Instant start = Instant.now();
        List<Future<?>> work = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int share = messages / clients + (c < messages % clients ? 1 : 0);
            work.add(pool.submit(() -> {
                for (int i = 0; i < share; i++) {
                    Instant at = Instant.now();
                    // The schema example of a victim referral NL-NMT -> BE-NMT, with a new id and time.
                    BusApiClient.Response answer = api.submit(DemoScript.bytes(DemoScript.example("victim-referral-1.json")));
                    if (answer.status() != 202) {
                        throw new IllegalStateException("HTTP " + answer.status() + ": " + answer.body());
                    }
                    submitted.put(UUID.fromString(answer.json().path("messageId").asText()), at);
                }
                return null;
            }));
        }
        pool.shutdown();
        for (Future<?> f : work) {
            f.get(30, TimeUnit.MINUTES);
        }
        Instant last = awaitReceipts(nl, submitted.keySet());
        List<Double> latencies = new ArrayList<>();
        AuditTrail.read(new LogLayout(be.layout().audit("BE-NMT")), r -> {
            Instant sent = r.event() == AuditEvent.DELIVERED ? submitted.get(r.messageId()) : null;
            if (sent != null) {
                latencies.add((double) ChronoUnit.MILLIS.between(sent, r.time()));
            }
        });
        double seconds = ChronoUnit.MILLIS.between(start, last) / 1000.0;
        return new Round(messages, messages / seconds, LatencyRun.percentile(latencies, 50),
                LatencyRun.percentile(latencies, 99));
    }

    /** When the last of {@code ids} was receipted at NL-NMT (polls its status store). */
    private static Instant awaitReceipts(NodeProcess nl, java.util.Set<UUID> ids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (System.nanoTime() < deadline) {
            Map<UUID, List<StatusStore.Change>> status = StatusStore.read(nl.layout().state("NL-NMT"));
            Instant last = Instant.MIN;
            boolean all = true;
            for (UUID id : ids) {
                Instant receipted = status.getOrDefault(id, List.of()).stream()
                        .filter(c -> c.status() == MessageStatus.RECEIPTED).map(StatusStore.Change::at).findFirst().orElse(null);
                if (receipted == null) {
                    all = false;
                    break;
                }
                last = receipted.isAfter(last) ? receipted : last;
            }
            if (all) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not every message was receipted within 30 minutes");
    }

    private static String report(String[] args, Round single, Round cross, int messages, int warmup, int clients,
                                 String loadBefore, String loadAfter) {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append("\n\n");
        out.append("- Command: `bench/sites-hop.sh ").append(String.join(" ", args)).append("`\n");
        out.append("- Machine: ").append(Runtime.getRuntime().availableProcessors()).append(" cores (`nproc`), ")
                .append(HopBenchmark.cpuModel()).append(", Java ").append(System.getProperty("java.version")).append("\n");
        out.append("- Load average (1/5/15 min) before: ").append(loadBefore).append("; after: ").append(loadAfter).append("\n");
        out.append("- Each: ").append(messages).append(" victim referrals NL-NMT -> BE-NMT after ").append(warmup)
                .append(" warm-up, from ").append(clients).append(" clients over NL-NMT's REST API; measured from the first"
                + " submission to NL-NMT holding BE-NMT's signed receipt for the last. Stock Artemis ")
                .append(ArtemisDistribution.VERSION).append(" brokers and `bus node` processes, all on this machine.\n\n");
        out.append("| | msg/s | submit to delivered p50 | p99 |\n|---|---|---|---|\n");
        out.append(String.format("| one broker (NL-NMT and BE-NMT on it) | %.1f | %.0f ms | %.0f ms |%n", single.perSecond(),
                single.p50Millis(), single.p99Millis()));
        out.append(String.format("| three sites: NL -> EUROPOL hub -> BE | %.1f | %.0f ms | %.0f ms |%n", cross.perSecond(),
                cross.p50Millis(), cross.p99Millis()));
        out.append(String.format("| **ratio cross-site / one broker** | **%.3f** | | |%n%n", cross.perSecond() / single.perSecond()));
        return out.toString();
    }

    private static int option(List<String> args, String name, int fallback) {
        int i = args.indexOf(name);
        return i < 0 ? fallback : Integer.parseInt(args.get(i + 1));
    }
}
