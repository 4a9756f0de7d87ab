package eu.bus.sites;

import eu.bus.keys.DevPki;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import picocli.CommandLine;

/**
 * Several sites on this machine, each a separate process as in production: a stock Artemis broker per site, linked
 * as the {@link SitePlan} says, and a node process per agency on its site's broker, each with only its own keys.
 * Everything lives under one directory: {@code pki/} (the dev PKI a real deployment would not share),
 * {@code sites/site-xx/} (the broker instances), {@code agencies/NODE/} (each node's directory). {@link #close}
 * stops every process it started; a JVM shutdown (Ctrl-C) does too.
 */
public final class SiteNetwork implements AutoCloseable {

    static final Duration BROKER_START = Duration.ofSeconds(120);
    static final Duration NODE_START = Duration.ofSeconds(120);

    private final Path dir;
    private final SitePlan plan;
    private final Map<String, SiteBroker> brokers;
    private final Map<String, NodeProcess> nodes;
    private final Closing closing;
    private final Thread onShutdown = new Thread(this::stopAll, "site-network-shutdown");

    private SiteNetwork(Path dir, SitePlan plan, Map<String, SiteBroker> brokers, Map<String, NodeProcess> nodes,
                        Closing closing) {
        this.dir = dir;
        this.closing = closing;
        this.plan = plan;
        this.brokers = brokers;
        this.nodes = nodes;
        Runtime.getRuntime().addShutdownHook(onShutdown);
    }

    /**
     * Creates, under the empty directory {@code dir}, a dev PKI for the plan's nodes and sites, a configured broker
     * instance per site (on free ports of 127.0.0.1) and an agency directory per node. Nothing runs yet.
     */
    public static SiteNetwork create(Path dir, ArtemisDistribution artemis, SitePlan plan, Consumer<String> progress)
            throws IOException, InterruptedException {
        Path pki = dir.resolve("pki");
        progress.accept("dev PKI for " + plan.nodes() + " and the site brokers in " + pki);
        DevPki dev = new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY);
        dev.create(pki, plan.nodes());
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (SitePlan.Site site : plan.sites()) {
            if (!plan.oneBroker()) {
                dev.issueServer(pki, plan.identity(site.name()));
            }
            ports.put(site.name(), freePort());
        }
        Closing closing = new Closing();
        Map<String, SiteBroker> brokers = new LinkedHashMap<>();
        for (SitePlan.Site site : plan.sites()) {
            Path instance = dir.resolve("sites").resolve(plan.identity(site.name()));
            progress.accept("site " + site.name() + ": artemis create " + instance + ", bus site init"
                    + (plan.oneBroker() ? " (one broker for every node)" : plan.isHub(site.name()) ? " (hub)"
                    : " (via " + String.join(", ", plan.via(site.name())) + ")"));
            artemis.createInstance(instance);
            siteInit(dir, instance, site.name(), ports, plan);
            brokers.put(site.name(), new SiteBroker(site.name(), plan.identity(site.name()), instance, ports.get(site.name()), pki,
                    instance.resolve("log/console.log"), closing));
        }
        Map<String, NodeProcess> nodes = new LinkedHashMap<>();
        for (String node : plan.nodes()) {
            nodes.put(node, NodeProcess.prepare(pki, node, dir.resolve("agencies").resolve(node),
                    ports.get(plan.siteOf(node)), closing));
        }
        return new SiteNetwork(dir, plan, brokers, nodes, closing);
    }

    /** {@code bus site init}, as an operator runs it, in this JVM. */
    private static void siteInit(Path dir, Path instance, String site, Map<String, Integer> ports, SitePlan plan) {
        List<String> args = new ArrayList<>(List.of("site", "init", instance.toString(),
                "--workdir", dir.toString(), "--port", Integer.toString(ports.get(site))));
        if (!plan.oneBroker()) {
            args.addAll(List.of("--site", site));
        }
        for (String linked : plan.links(site)) {
            args.addAll(List.of("--link", linked + "=127.0.0.1:" + ports.get(linked)));
        }
        for (String hub : plan.via(site)) {
            args.addAll(List.of("--via", hub));
        }
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new eu.bus.cli.BusCommand());
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(out, true));
        if (command.execute(args.toArray(String[]::new)) != 0) {
            throw new IllegalStateException("bus " + String.join(" ", args) + " failed: " + out);
        }
    }

    public Path dir() {
        return dir;
    }

    public SitePlan plan() {
        return plan;
    }

    public SiteBroker broker(String site) {
        SiteBroker broker = brokers.get(site.toUpperCase(Locale.ROOT));
        if (broker == null) {
            throw new IllegalArgumentException("no site " + site + " in " + brokers.keySet());
        }
        return broker;
    }

    public NodeProcess node(String node) {
        NodeProcess process = nodes.get(node);
        if (process == null) {
            throw new IllegalArgumentException("no node " + node + " in " + nodes.keySet());
        }
        return process;
    }

    public List<SiteBroker> brokers() {
        return List.copyOf(brokers.values());
    }

    public List<NodeProcess> nodes() {
        return List.copyOf(nodes.values());
    }

    /** Starts every broker, then every node; returns once all brokers listen and all nodes announced themselves. */
    public void start(Consumer<String> progress) throws IOException, InterruptedException {
        start(progress, nodes.keySet());
    }

    /** As {@link #start(Consumer)}, running only these nodes (the others stay in the registry, with no process). */
    public void start(Consumer<String> progress, java.util.Collection<String> running) throws IOException, InterruptedException {
        List<NodeProcess> started = nodes.values().stream().filter(n -> running.contains(n.node())).toList();
        for (SiteBroker broker : brokers.values()) {
            broker.start();
        }
        for (SiteBroker broker : brokers.values()) {
            broker.awaitListening(BROKER_START);
            progress.accept("broker of site " + broker.site() + " listening on 127.0.0.1:" + broker.port()
                    + " (pid " + broker.pid() + ")");
        }
        for (NodeProcess node : started) {
            node.start();
        }
        for (NodeProcess node : started) {
            node.awaitRunning(NODE_START);
            progress.accept("node " + node.node() + " running at site " + plan.siteOf(node.node()) + " (pid " + node.pid()
                    + ", its own keys only: " + node.dir().resolve("pki") + ")");
        }
    }

    /** The pids of the processes still running. */
    public List<Long> running() {
        List<Long> pids = new ArrayList<>();
        nodes.values().stream().filter(NodeProcess::alive).forEach(n -> pids.add(n.pid()));
        brokers.values().stream().filter(SiteBroker::alive).forEach(b -> pids.add(b.pid()));
        return pids;
    }

    /** No process starts any more; the nodes stop at once, then the brokers, each group in parallel. */
    private void stopAll() {
        closing.begin();
        inParallel(nodes.values(), NodeProcess::stop);
        inParallel(brokers.values(), SiteBroker::stop);
    }

    /** A thread each: a stop waits for its process, and the waits must not add up. */
    private static <T> void inParallel(java.util.Collection<T> all, Consumer<T> stop) {
        List<Thread> threads = all.stream().map(each -> new Thread(() -> stop.accept(each), "site-network-stop")).toList();
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops the nodes, then the brokers (SIGTERM, then SIGKILL if one lingers). */
    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(onShutdown);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs or ran already
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
