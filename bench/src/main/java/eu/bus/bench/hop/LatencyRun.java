package eu.bus.bench.hop;

import eu.bus.audit.AuditEvent;
import eu.bus.audit.AuditRecord;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.NodeGateway;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Latency at a steady offered load: one message every 1/rate seconds (not as fast as answered), each timed from its
 * submission to the moment its third recipient's DELIVERED record is durable, and to its third signed receipt at
 * the sender. Times come from the audit hook, so only what the audit log proves is counted.
 */
final class LatencyRun {

    /** Percentiles in milliseconds, and how many messages they cover. */
    record Result(int messages, double offeredPerSecond, double deliveredP50, double deliveredP99, double receiptedP50,
                  double receiptedP99) {
    }

    /** Per message: submission time and the times of the deliveries and receipts seen so far. */
    private static final class Timing {
        final long submitted;
        final AtomicInteger deliveries = new AtomicInteger();
        final AtomicInteger receipts = new AtomicInteger();
        volatile long delivered;
        volatile long receipted;

        Timing(long submitted) {
            this.submitted = submitted;
        }
    }

    private final BusNetwork bus;
    private final HopWorkload workload;
    private final Map<UUID, Timing> timings = new ConcurrentHashMap<>();

    LatencyRun(BusNetwork bus, HopWorkload workload) {
        this.bus = bus;
        this.workload = workload;
    }

    /** The audit hook: the third delivery and the third receipt of a timed message complete it. */
    void onRecord(AuditRecord record) {
        UUID id = record.event() == AuditEvent.RECEIPTED ? receiptedMessage(record) : record.messageId();
        Timing t = id == null ? null : timings.get(id);
        if (t == null) {
            return;
        }
        int recipients = HopWorkload.RECIPIENTS.size();
        if (record.event() == AuditEvent.DELIVERED && HopWorkload.RECIPIENTS.contains(record.node())
                && t.deliveries.incrementAndGet() == recipients) {
            t.delivered = System.nanoTime();
        } else if (record.event() == AuditEvent.RECEIPTED && HopWorkload.SENDER.equals(record.node())
                && t.receipts.incrementAndGet() == recipients) {
            t.receipted = System.nanoTime();
        }
    }

    private static final java.util.regex.Pattern RECEIPTED_FOR = java.util.regex.Pattern.compile(" for ([0-9a-f-]{36})");

    /** The message a RECEIPTED record is about: its own id is the receipt's; the reason names the original. */
    private static UUID receiptedMessage(AuditRecord record) {
        java.util.regex.Matcher m = record.reason() == null ? null : RECEIPTED_FOR.matcher(record.reason());
        return m != null && m.find() ? UUID.fromString(m.group(1)) : null;
    }

    /** Offers {@code rate} messages a second for {@code seconds}, then waits (at most a minute) for the stragglers. */
    Result run(int rate, int seconds) throws InterruptedException {
        timings.clear();
        NodeGateway sender = bus.node(HopWorkload.SENDER);
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(4, r -> {
            Thread t = new Thread(r, "latency-submitter");
            t.setDaemon(true);
            return t;
        });
        int total = rate * seconds;
        AtomicInteger sent = new AtomicInteger();
        clock.scheduleAtFixedRate(() -> {
            if (sent.getAndIncrement() < total) {
                UUID id = UUID.randomUUID();
                byte[] doc = workload.next(id);
                timings.put(id, new Timing(System.nanoTime()));
                sender.submit(doc);
            }
        }, 0, 1_000_000_000L / rate, TimeUnit.NANOSECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 60L);
        while (System.nanoTime() < deadline && (sent.get() < total || timings.values().stream().anyMatch(t -> t.receipted == 0))) {
            Thread.sleep(200);
        }
        clock.shutdownNow();
        List<Double> delivered = new ArrayList<>();
        List<Double> receipted = new ArrayList<>();
        for (Timing t : timings.values()) {
            if (t.delivered != 0) {
                delivered.add((t.delivered - t.submitted) / 1e6);
            }
            if (t.receipted != 0) {
                receipted.add((t.receipted - t.submitted) / 1e6);
            }
        }
        return new Result(timings.size(), rate, percentile(delivered, 50), percentile(delivered, 99),
                percentile(receipted, 50), percentile(receipted, 99));
    }

    static double percentile(List<Double> values, int p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
