package eu.bus.bench.hop;

import eu.bus.audit.AuditEvent;
import eu.bus.broker.BrokerSettings;
import eu.bus.broker.BusAddresses;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.NodeGateway;
import eu.bus.keys.DevPki;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.core.server.ActiveMQServer;

/**
 * A backlog for a node that was down: BE-ENU's inbox route is stopped while NL-ENU submits N protected 4 KiB
 * reports to it through its gateway (the broker must page them to disk, not hold them in memory); then the route
 * starts and the benchmark times the drain (every message opened, verified, delivered, durably audited and
 * receipted) and samples the heap of the JVM (broker and both nodes). Run with {@code bench/backlog.sh}.
 */
public final class BacklogBenchmark {

    static final String SECTION = "## Backlog: a node that was down";
    static final String SENDER = "NL-ENU";
    static final String RECIPIENT = "BE-ENU";

    private static final String HELP = """
            Usage: bench/backlog.sh [options]
            A backlog for a node that was down (docs/BENCHMARKS.md, "%s"): BE-ENU's inbox route is stopped while
            NL-ENU submits N protected 4 KiB intelligence reports to it through its gateway; the broker pages them to
            disk. Then BE-ENU's route starts; the run times the drain until every message is delivered (durably
            audited) and receipted, and samples the heap (broker and both nodes in this JVM). Prints the figures
            and appends them to docs/BENCHMARKS.md. The last line is machine-readable:
            RESULT backlog=N enqueue_per_s=N paging=true|false drain_per_s=N receipted_per_s=N heap_mb_before=N
            heap_mb_max_during_drain=N cpu_ms_per_message=N

              --messages N      the backlog (default 100000)
              --submitters N    submitting threads while the node is down (default 8)
              --no-append       print only; do not append to docs/BENCHMARKS.md
              --doc FILE        the document to append to (default docs/BENCHMARKS.md)
            """.formatted(SECTION);

    public static void main(String[] args) throws Exception {
        eu.bus.bench.BenchArgs options = eu.bus.bench.BenchArgs.parse(args, HELP, "bench/backlog.sh",
                java.util.Map.of("--messages", 100_000, "--submitters", 8));
        if (options == null) {
            return;
        }
        int messages = options.number("--messages");
        int submitters = options.number("--submitters");
        boolean append = options.append();
        Path doc = options.doc();
        Path work = Files.createTempDirectory("bus-backlog-");
        String loadBefore = HopBenchmark.load();
        BusLayout layout = new BusLayout(work);
        DevPki.init(layout.pki(), List.of(SENDER, RECIPIENT));
        HopWorkload workload = new HopWorkload(4096, List.of(RECIPIENT));
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger receipted = new AtomicInteger();
        try (BusNetwork bus = BusNetwork.start(layout, List.of(SENDER, RECIPIENT), Clock.systemUTC(),
                audit -> audit.onRecord(r -> {
                    if (r.event() == AuditEvent.DELIVERED && RECIPIENT.equals(r.node())) {
                        delivered.incrementAndGet();
                    } else if (r.event() == AuditEvent.RECEIPTED && SENDER.equals(r.node())) {
                        receipted.incrementAndGet();
                    }
                }),
                BrokerSettings.defaults(layout.broker(), layout.pki()).withPort(0))) {
            String route = "inbox-" + RECIPIENT;
            bus.camel().getRouteController().stopRoute(route);
            System.out.printf("bus on %s; %s is down; %d messages of %d bytes for it from %d submitters...%n", work, RECIPIENT,
                    messages, workload.size(), submitters);
            long start = System.nanoTime();
            submit(bus.node(SENDER), workload, messages, submitters);
            double enqueueSeconds = (System.nanoTime() - start) / 1e9;
            ActiveMQServer server = bus.embeddedBroker().orElseThrow().server();
            SimpleString inbox = SimpleString.of(BusAddresses.inbox(RECIPIENT));
            boolean paging = server.getPagingManager().getPageStore(inbox).isPaging();
            long queued = server.locateQueue(inbox).getMessageCount();
            long heapBefore = heapAfterGc();
            System.out.printf("queued %d in %.1f s (%.0f msg/s); the inbox is %s; heap after GC %d MB%n", queued, enqueueSeconds,
                    messages / enqueueSeconds, paging ? "paging to disk" : "NOT paging (held in memory)", heapBefore >> 20);

            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            long cpuStart = HopRun.processCpuNanos();
            long drainStart = System.nanoTime();
            bus.camel().getRouteController().startRoute(route);
            long maxHeap = 0;
            long maxLive = 0;
            long deliveredAt = 0;
            int lastShown = -1;
            while (receipted.get() < messages) {
                if (System.nanoTime() - drainStart > 3_600_000_000_000L) {
                    throw new IllegalStateException("the drain did not end within an hour: " + delivered.get() + " delivered, "
                            + receipted.get() + " receipted of " + messages);
                }
                Thread.sleep(200);
                maxHeap = Math.max(maxHeap, memory.getHeapMemoryUsage().getUsed());
                maxLive = Math.max(maxLive, liveAfterLastGc());
                if (deliveredAt == 0 && delivered.get() >= messages) {
                    deliveredAt = System.nanoTime();
                }
                int percent = (int) (100L * delivered.get() / messages);
                if (percent / 5 != lastShown) {
                    lastShown = percent / 5;
                    System.out.printf("  drain %3d%% %s %d delivered, %d receipted, heap %d MB%n", percent,
                            bar(percent), delivered.get(), receipted.get(),
                            memory.getHeapMemoryUsage().getUsed() >> 20);
                }
            }
            long end = System.nanoTime();
            if (deliveredAt == 0) {
                deliveredAt = end;
            }
            double drainSeconds = (deliveredAt - drainStart) / 1e9;
            double receiptSeconds = (end - drainStart) / 1e9;
            double cpuPerMessage = (HopRun.processCpuNanos() - cpuStart) / 1e6 / messages;
            String result = String.format("RESULT backlog=%d enqueue_per_s=%.1f paging=%s drain_per_s=%.1f receipted_per_s=%.1f"
                            + " heap_mb_before=%d heap_mb_max_during_drain=%d live_mb_max_after_gc=%d cpu_ms_per_message=%.2f", messages,
                    messages / enqueueSeconds, paging, messages / drainSeconds, messages / receiptSeconds, heapBefore >> 20,
                    maxHeap >> 20, maxLive >> 20, cpuPerMessage);
            String report = "### " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n\n"
                    + "- Command: `bench/backlog.sh " + String.join(" ", args) + "`\n"
                    + "- Machine: " + Runtime.getRuntime().availableProcessors() + " cores (`nproc`), " + HopBenchmark.cpuModel()
                    + ", Java " + System.getProperty("java.version") + "; JVM -Xmx" + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB; load before " + loadBefore + ", after " + HopBenchmark.load() + "\n"
                    + String.format("- Backlog: %d messages (%d bytes, one recipient) queued for %s while its route was stopped,"
                            + " at %.0f msg/s from %d submitters; the broker %s; heap after GC %d MB%n", messages, workload.size(),
                    RECIPIENT, messages / enqueueSeconds, submitters, paging ? "paged the inbox to disk" : "did NOT page",
                    heapBefore >> 20)
                    + String.format("- Drain: all delivered in %.1f s (**%.0f msg/s**), all receipted in %.1f s (%.0f msg/s);"
                            + " heap at most %d MB during the drain (garbage included), at most %d MB still in use after a"
                            + " collection; %.2f ms CPU per message (whole JVM)%n", drainSeconds,
                    messages / drainSeconds, receiptSeconds, messages / receiptSeconds, maxHeap >> 20, maxLive >> 20, cpuPerMessage)
                    + "- `" + result + "`\n\n";
            System.out.print(report);
            if (append) {
                HopBenchmark.appendToDoc(doc, SECTION, report);
                System.out.println("appended to " + doc);
            }
            System.out.println(result);
        } finally {
            HopBenchmark.delete(work);
        }
    }

    private static void submit(NodeGateway sender, HopWorkload workload, int messages, int submitters) throws Exception {
        AtomicInteger left = new AtomicInteger(messages);
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(submitters);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < submitters; i++) {
                running.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        sender.submit(workload.next());
                        int n = done.incrementAndGet();
                        if (n % Math.max(1, messages / 20) == 0) {
                            int percent = (int) (100L * n / messages);
                            System.out.printf("  queued %3d%% %s%n", percent, bar(percent));
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    /** What the heap still held after its last collection (the live set, not the garbage between collections). */
    private static long liveAfterLastGc() {
        long live = 0;
        for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            java.lang.management.MemoryUsage after = pool.getCollectionUsage();
            if (pool.getType() == java.lang.management.MemoryType.HEAP && after != null) {
                live += after.getUsed();
            }
        }
        return live;
    }

    /** A progress bar of 20 steps. */
    private static String bar(int percent) {
        return "#".repeat(percent / 5) + ".".repeat(20 - percent / 5);
    }

    private static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
