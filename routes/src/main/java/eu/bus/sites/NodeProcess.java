package eu.bus.sites;

import eu.bus.exchange.BusLayout;
import eu.bus.rest.BusApiClient;
import eu.bus.rest.RunFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agency's node as a process of its own ({@code bus node --config}), in a directory of its own that holds its
 * configuration, its copy of the PKI with only its own keys ({@link AgencyPki}) and, by the configuration's
 * defaults, its audit log, archive, state and case-system directories.
 */
public final class NodeProcess {

    static final String MAIN_CLASS = "eu.bus.cli.BusCommand";

    private final String node;
    private final Path dir;
    private final Closing closing;
    private ChildProcess process;

    private NodeProcess(String node, Path dir, Closing closing) {
        this.node = node;
        this.dir = dir;
        this.closing = closing;
    }

    /** Writes the agency's directory for {@code node}, on the broker at 127.0.0.1:{@code brokerPort}. */
    static NodeProcess prepare(Path sitePki, String node, Path dir, int brokerPort, Closing closing) throws IOException {
        AgencyPki.extract(sitePki, node, dir.resolve("pki"), dir.resolve("secrets/keystore.password"));
        String config = """
                {
                  "nodes": ["%s"],
                  "workdir": ".",
                  "pki": "pki",
                  "broker": {"host": "127.0.0.1", "port": %d},
                  "api": {"host": "127.0.0.1", "port": 0},
                  "secrets": {"%s": {"passwordFile": "secrets/keystore.password"}}
                }
                """.formatted(node, brokerPort, node);
        Files.writeString(dir.resolve("node.json"), config);
        return new NodeProcess(node, dir, closing);
    }

    public String node() {
        return node;
    }

    /** The agency's directory; its audit log, archive and delivered files are where {@link #layout()} says. */
    public Path dir() {
        return dir;
    }

    public BusLayout layout() {
        return new BusLayout(dir);
    }

    public long pid() {
        return process == null ? -1 : process.pid();
    }

    public boolean alive() {
        return process != null && process.alive();
    }

    public void start() throws IOException {
        closing.refuseIfClosing("node " + node);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), MAIN_CLASS,
                "node", "--config", dir.resolve("node.json").toString()));
        process = ChildProcess.start("node " + node, command, Map.of(), dir, dir.resolve("node.log"));
    }

    /** Waits until the node announced itself (run.json with its pid and API address). */
    public void awaitRunning(Duration atMost) throws InterruptedException {
        process.awaitUntil(() -> runFile().isPresent(), atMost, "did not start");
    }

    private Optional<RunFile> runFile() {
        return RunFile.read(dir).filter(f -> f.pid() == pid());
    }

    /** The node's REST API, as its agency's client (its own node certificate). */
    public BusApiClient api() throws IOException {
        String password = Files.readString(dir.resolve("secrets/keystore.password")).trim();
        String variable = eu.bus.keys.KeyStorePasswords.variableFor(node);
        eu.bus.keys.ProtectedKeyStore keys = eu.bus.keys.ProtectedKeyStore.ofNode(dir.resolve("pki"), node,
                eu.bus.keys.KeyPurpose.SIGNING).with(new eu.bus.keys.KeyStorePasswords(v -> v.equals(variable) ? password : null));
        return new BusApiClient(runFile().orElseThrow(() -> new IllegalStateException("node " + node + " is not running"))
                .apiUri(), BusApiClient.tls(keys, new eu.bus.keys.PkiLayout(dir.resolve("pki")).caCertificate()));
    }

    /** SIGTERM: the node finishes what it holds and exits; forced after a minute. */
    public void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(60));
        }
    }

    public void kill() {
        if (process != null) {
            process.kill();
        }
    }

    public Path log() {
        return dir.resolve("node.log");
    }
}
