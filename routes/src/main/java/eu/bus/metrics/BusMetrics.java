package eu.bus.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters and latency histograms per node and route, rendered in the Prometheus text format
 * (served at {@code GET /metrics}). Lock-free on the hot path; no dependency beyond the JDK.
 */
public final class BusMetrics {

    /** Latency bucket bounds in seconds, Prometheus style (cumulative, plus +Inf). */
    private static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    /** What happened to a message on a route. */
    public enum Outcome { ACCEPTED, REJECTED, DELIVERED, DEAD_LETTERED, SENT, RECEIPTED }

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();

    public void count(String node, String route, Outcome outcome) {
        counters.computeIfAbsent(labels(node, route) + ",outcome=\"" + outcome.name().toLowerCase() + "\"", k -> new LongAdder())
                .increment();
    }

    /** Records how long a route took for one message, from the start of its work. */
    public void latency(String node, String route, long startNanos) {
        latencies.computeIfAbsent(labels(node, route), k -> new Histogram()).observe((System.nanoTime() - startNanos) / 1e9);
    }

    /** The current value of a counter (for tests and the console). */
    public long total(String node, String route, Outcome outcome) {
        LongAdder c = counters.get(labels(node, route) + ",outcome=\"" + outcome.name().toLowerCase() + "\"");
        return c == null ? 0 : c.sum();
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("# HELP bus_messages_total Messages per node, route and outcome.\n");
        out.append("# TYPE bus_messages_total counter\n");
        new TreeMap<>(counters).forEach((labels, value) ->
                out.append("bus_messages_total{").append(labels).append("} ").append(value.sum()).append('\n'));
        out.append("# HELP bus_route_seconds Time a route spent on one message.\n");
        out.append("# TYPE bus_route_seconds histogram\n");
        new TreeMap<>(latencies).forEach((labels, h) -> h.render(out, labels));
        return out.toString();
    }

    private static String labels(String node, String route) {
        return "node=\"" + node + "\",route=\"" + route + "\"";
    }

    private static final class Histogram {
        private final LongAdder[] buckets = new LongAdder[BUCKETS.length];
        private final LongAdder count = new LongAdder();
        private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    buckets[i].increment();
                    break;
                }
            }
            count.increment();
            sum.add(seconds);
        }

        void render(StringBuilder out, String labels) {
            long cumulative = 0;
            for (int i = 0; i < BUCKETS.length; i++) {
                cumulative += buckets[i].sum();
                out.append("bus_route_seconds_bucket{").append(labels).append(",le=\"").append(BUCKETS[i]).append("\"} ")
                        .append(cumulative).append('\n');
            }
            out.append("bus_route_seconds_bucket{").append(labels).append(",le=\"+Inf\"} ").append(count.sum()).append('\n');
            out.append("bus_route_seconds_sum{").append(labels).append("} ").append(sum.sum()).append('\n');
            out.append("bus_route_seconds_count{").append(labels).append("} ").append(count.sum()).append('\n');
        }
    }
}
