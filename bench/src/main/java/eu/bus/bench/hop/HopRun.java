package eu.bus.bench.hop;

import eu.bus.audit.AuditEvent;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.NodeGateway;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes messages through one protected hop and times it: submitter threads call
 * {@link NodeGateway#submit} (validate, policy, protect, archive, audit, send) and a message counts
 * as done when each of its three recipients has made its DELIVERED audit record durable (opened,
 * verified, validated, written to the case system). The counter is the audit hook, so nothing is
 * counted that the audit log does not prove.
 */
final class HopRun {

    /** Outcome of one measured batch. */
    record Result(int messages, double seconds, double submitSeconds, double receiptedSeconds, double cpuMillisPerMessage,
                  int receiptsSent) {
        double perSecond() {
            return messages / seconds;
        }
    }

    private final BusNetwork bus;
    private final HopWorkload workload;
    private final Semaphore delivered = new Semaphore(0);
    private final Semaphore receipted = new Semaphore(0);
    /** The signed receipts of delivery the recipients sent (one may cover several messages): distinct receipt ids. */
    private final java.util.Set<java.util.UUID> receipts = java.util.concurrent.ConcurrentHashMap.newKeySet();

    HopRun(BusNetwork bus, HopWorkload workload) {
        this.bus = bus;
        this.workload = workload;
    }

    /** The audit hook: one permit per DELIVERED record at a recipient. */
    void onRecord(eu.bus.audit.AuditRecord record) {
        if (record.event() == AuditEvent.DELIVERED && HopWorkload.RECIPIENTS.contains(record.node())) {
            delivered.release();
        } else if (record.event() == AuditEvent.SENT && HopWorkload.RECIPIENTS.contains(record.node())
                && "DELIVERY_RECEIPT".equals(record.messageType())) {
            receipts.add(record.messageId());
        } else if (record.event() == AuditEvent.RECEIPTED && HopWorkload.SENDER.equals(record.node())) {
            receipted.release();
        }
    }

    /** CPU time of this whole JVM (broker, all nodes): divided by the messages, the CPU cost of one hop. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Submits {@code messages} from {@code submitters} threads and waits until all are delivered 3 times. */
    Result run(int messages, int submitters) throws Exception {
        delivered.drainPermits();
        receipted.drainPermits();
        receipts.clear();
        NodeGateway sender = bus.node(HopWorkload.SENDER);
        AtomicInteger left = new AtomicInteger(messages);
        ExecutorService pool = Executors.newFixedThreadPool(submitters, r -> {
            Thread t = new Thread(r, "hop-submitter");
            t.setDaemon(true);
            return t;
        });
        long cpuStart = processCpuNanos();
        long start = System.nanoTime();
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < submitters; i++) {
            done.add(pool.submit(() -> {
                while (left.getAndDecrement() > 0) {
                    sender.submit(workload.next());
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        long submitted = System.nanoTime();
        pool.shutdown();
        int expected = messages * HopWorkload.RECIPIENTS.size();
        if (!delivered.tryAcquire(expected, 10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("only " + delivered.availablePermits() + " of " + expected + " deliveries in 10 minutes");
        }
        long end = System.nanoTime();
        // The signed receipts trail the deliveries; the next batch starts only when they are in too.
        if (!receipted.tryAcquire(expected, 10, TimeUnit.MINUTES)) {
            throw new IllegalStateException("only " + receipted.availablePermits() + " of " + expected + " receipts in 10 minutes");
        }
        long receiptsIn = System.nanoTime();
        double cpuMillis = (processCpuNanos() - cpuStart) / 1e6 / messages;
        return new Result(messages, (end - start) / 1e9, (submitted - start) / 1e9, (receiptsIn - start) / 1e9, cpuMillis,
                receipts.size());
    }
}
