package eu.bus.bench.hop;

import eu.bus.broker.BusAddresses;
import eu.bus.exchange.BrokerSender;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.NodeEndpoints;
import eu.bus.exchange.WireHeaders;
import eu.bus.keys.KeyPurpose;
import eu.bus.keys.ProtectedKeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.camel.builder.RouteBuilder;

/**
 * The exchange's transport alone, for the same comparison with the raw broker: 4 KiB persistent
 * messages sent the way the gateways send ({@link BrokerSender}: asynchronous send, broker-confirmed,
 * duplicate id) and consumed the way the gateways consume (a Camel JMS route with the gateways'
 * endpoint options: local transaction committed after the route, cached consumer, the same number of
 * concurrent consumers), on NL-ENU's own inbox like the raw client, with its bus route stopped. It
 * separates what the Camel/JMS plumbing costs from what the security and audit work of a hop costs.
 */
final class TransportRun implements AutoCloseable {

    private static final String ROUTE = "transport-bench";

    private final BusNetwork bus;
    private final BrokerSender sender;
    private final byte[] body;
    private final Semaphore consumed = new Semaphore(0);
    private double lastCpuMicros;

    TransportRun(BusNetwork bus, int size) throws Exception {
        this.bus = bus;
        this.sender = new BrokerSender(BrokerSender.confirming(bus.broker().connectionFactory(
                ProtectedKeyStore.ofNode(bus.layout().pki(), HopWorkload.SENDER, KeyPurpose.SIGNING))));
        this.body = new byte[size];
        new java.util.Random(7).nextBytes(body);
        NodeEndpoints endpoints = bus.node(HopWorkload.SENDER).endpoints();
        bus.camel().addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(endpoints.inbox()).routeId(ROUTE).autoStartup(false).process(e -> consumed.release());
            }
        });
    }

    /** Sends {@code messages} from {@code submitters} threads; returns msg/s until the route has taken all (each commit follows its route). */
    double run(int messages, int submitters) throws Exception {
        String busRoute = "inbox-" + HopWorkload.SENDER;
        bus.camel().getRouteController().stopRoute(busRoute);
        bus.camel().getRouteController().startRoute(ROUTE);
        consumed.drainPermits();
        ExecutorService pool = Executors.newFixedThreadPool(submitters);
        try {
            AtomicInteger left = new AtomicInteger(messages);
            String inbox = BusAddresses.inbox(HopWorkload.SENDER);
            long start = System.nanoTime();
            long cpu = HopRun.processCpuNanos();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < submitters; i++) {
                done.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        String id = UUID.randomUUID().toString();
                        sender.sendAll(List.of(new BrokerSender.Outbound(inbox, body,
                                Map.of(WireHeaders.MESSAGE_ID, id, WireHeaders.DUPLICATE_ID, id))));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
            if (!consumed.tryAcquire(messages, 5, TimeUnit.MINUTES)) {
                throw new IllegalStateException("only " + consumed.availablePermits() + " of " + messages + " consumed in 5 minutes");
            }
            lastCpuMicros = (HopRun.processCpuNanos() - cpu) / 1e3 / messages;
            return messages / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
            bus.camel().getRouteController().stopRoute(ROUTE);
            bus.camel().getRouteController().startRoute(busRoute);
        }
    }

    /** CPU time of the whole JVM (sender, consumers, broker, TLS on both sides) per message of the last run. */
    double lastCpuMicrosPerMessage() {
        return lastCpuMicros;
    }

    @Override
    public void close() {
        sender.close();
    }
}
