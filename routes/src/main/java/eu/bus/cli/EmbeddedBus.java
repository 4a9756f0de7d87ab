package eu.bus.cli;

import eu.bus.exchange.BusLayout;
import eu.bus.exchange.BusNetwork;
import eu.bus.keys.DevPki;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.RegisteredNode;
import eu.bus.rest.BusApiServer;
import eu.bus.rest.RunFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code bus run} runs: the embedded broker and the nodes ({@link BusNetwork}) plus the REST
 * API, announced in {@code DIR/run.json} while it runs. Tests start the same class.
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
     * Creates the dev PKI for {@code nodes} unless {@code DIR/pki} exists, starts the bus and its API
     * and writes {@code DIR/run.json}. Refuses a directory where a bus still runs.
     */
    static EmbeddedBus start(Path workDir, List<String> nodes, BusApiServer.Settings api) throws Exception {
        Path dir = workDir.toAbsolutePath().normalize();
        var existing = RunFile.read(dir);
        if (existing.isPresent() && existing.get().processAlive()) {
            throw new IllegalStateException("a bus already runs in " + dir + " (pid " + existing.get().pid() + ", "
                    + existing.get().apiUri() + "); stop it first (Ctrl-C in its terminal, or kill " + existing.get().pid()
                    + ") or choose another --workdir");
        }
        BusLayout layout = new BusLayout(dir);
        boolean created = false;
        if (!Files.exists(layout.pki())) {
            Files.createDirectories(dir);
            DevPki.init(layout.pki(), nodes);
            created = true;
        } else {
            Set<String> known = NodeRegistry.load(layout.pki()).nodes().stream().map(RegisteredNode::id).collect(Collectors.toSet());
            List<String> missing = nodes.stream().filter(n -> !known.contains(n)).toList();
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException("the PKI in " + layout.pki() + " has no keys for " + String.join(", ", missing)
                        + " (it knows " + known.stream().sorted().collect(Collectors.joining(", ")) + "); leave them out of --nodes"
                        + " or issue keys with: bus keys rotate NODE --dir " + layout.pki());
            }
        }
        BusNetwork network = BusNetwork.start(layout, nodes, Clock.systemUTC(), audit -> { });
        BusApiServer server;
        try {
            server = BusApiServer.start(network, api, Clock.systemUTC());
        } catch (Exception e) {
            network.close();
            throw e;
        }
        RunFile run = new RunFile(server.host(), server.port(), ProcessHandle.current().pid(), nodes,
                network.broker().port(), Clock.systemUTC().instant());
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
