package eu.bus.cli;

import eu.bus.broker.BrokerAddress;
import eu.bus.broker.BrokerSettings;
import eu.bus.broker.WireLimits;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.exchange.NodeSettings;
import eu.bus.rest.BusApiServer;
import eu.bus.rest.RunFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

/**
 * What {@code bus run} and {@code bus node} run: the nodes ({@link BusNetwork}) with the embedded broker, or
 * against an external one ({@code --broker}, or the broker of a node's configuration), plus the REST API,
 * announced in {@code DIR/run.json} while it runs. Tests start the same class.
 */
final class EmbeddedBus implements AutoCloseable {

    private final Path workDir;
    private final BusNetwork network;
    private final BusApiServer api;
    private final RunFile runFile;
    private final boolean pkiCreated;

    private EmbeddedBus(Path workDir, BusNetwork network, BusApiServer api, RunFile runFile, boolean pkiCreated) {
        this.workDir = workDir;
        this.network = network;
        this.api = api;
        this.runFile = runFile;
        this.pkiCreated = pkiCreated;
    }

    /**
     * Creates the dev PKI for {@code nodes} unless {@code DIR/pki} exists, starts the embedded broker, the
     * nodes and the API and writes {@code DIR/run.json}. Refuses a directory where a bus still runs.
     */
    static EmbeddedBus start(Path workDir, List<String> nodes, BusApiServer.Settings api) throws Exception {
        return start(workDir, nodes, null, api);
    }

    /**
     * As {@link #start(Path, List, BusApiServer.Settings)}, but with {@code externalBroker} set the nodes
     * use the broker another process runs there ({@code bus broker}) and start no broker of their own.
     * That broker trusts one PKI, so {@code DIR/pki} must be it: it is never created here.
     */
    static EmbeddedBus start(Path workDir, List<String> nodes, BrokerAddress externalBroker, BusApiServer.Settings api)
            throws Exception {
        BusLayout layout = new BusLayout(WritableWorkDir.create(workDir.toAbsolutePath().normalize()));
        // One message limit for the REST API, the drop directory, the gateways and the embedded broker.
        return start(layout, nodes, externalBroker, api, NodeSettings.defaults().withLimits(new WireLimits(api.maxBodyBytes())));
    }

    /**
     * The one way {@code bus run} and {@code bus node} start: {@code bus run} with everything under its work directory,
     * {@code bus node --config} with the layout and settings of its file (always an external broker).
     */
    static EmbeddedBus start(BusLayout layout, List<String> nodes, BrokerAddress externalBroker, BusApiServer.Settings api,
                             NodeSettings settings) throws Exception {
        Path dir = layout.workDir();
        var existing = RunFile.read(dir);
        if (existing.isPresent() && existing.get().processAlive()) {
            throw new IllegalStateException("a bus already runs in " + dir + " (pid " + existing.get().pid() + ", "
                    + existing.get().apiUri() + "); stop it first (Ctrl-C in its terminal, or kill " + existing.get().pid()
                    + ") or choose another --workdir");
        }
        boolean created = false;
        if (externalBroker == null) {
            BrokerJournal.requireFree(dir, "bus run");
            created = WorkDirPki.createIfMissing(layout, nodes);
        } else if (!Files.exists(layout.pki())) {
            throw new IllegalArgumentException("no PKI in " + layout.pki() + "; the nodes need the PKI of the broker at "
                    + externalBroker + ": use the --workdir it was started with (bus broker --workdir DIR), or copy its pki/ here");
        }
        if (!created) {
            WorkDirPki.requireKeysFor(layout, nodes);
        }
        BusNetwork network = externalBroker == null
                ? BusNetwork.start(layout, nodes, Clock.systemUTC(), audit -> { },
                        BrokerSettings.defaults(layout.broker(), layout.pki()).withPort(0).withLimits(settings.limits()), settings)
                : BusNetwork.startExternal(layout, nodes, externalBroker, Clock.systemUTC(), audit -> { }, settings);
        BusApiServer server;
        try {
            server = BusApiServer.start(network, api, Clock.systemUTC());
        } catch (Exception e) {
            network.close();
            throw e;
        }
        RunFile run = new RunFile(server.host(), server.port(), ProcessHandle.current().pid(), nodes,
                network.broker().address(), network.broker().embedded(), Clock.systemUTC().instant());
        run.write(dir);
        return new EmbeddedBus(dir, network, server, run, created);
    }

    Path workDir() {
        return workDir;
    }

    BusNetwork network() {
        return network;
    }

    BusApiServer api() {
        return api;
    }

    RunFile runFile() {
        return runFile;
    }

    boolean pkiCreated() {
        return pkiCreated;
    }

    /** Removes run.json first (no client should find a stopping bus), then stops the API and the bus. */
    @Override
    public void close() throws Exception {
        RunFile.delete(workDir);
        api.close();
        network.close();
    }
}
