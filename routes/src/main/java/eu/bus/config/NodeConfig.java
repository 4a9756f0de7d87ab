package eu.bus.config;

import eu.bus.witnessing.WitnessSettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.broker.BrokerAddress;
import eu.bus.broker.WireLimits;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.NodeSettings;
import eu.bus.keys.KeyStorePasswords;
import eu.bus.message.Json;
import eu.bus.rest.BusApiServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The configuration of one {@code bus node} process: which nodes it runs with which keys, which broker, where
 * the REST API listens and where every file lives (docs/CONFIGURATION.md lists the keys). A JSON file: the
 * project reads JSON with Jackson already, and JSON has lists (the nodes) and groups (broker, api) without
 * conventions of our own. Refused, with the key and what to do: unknown keys (with the nearest known one),
 * values of the wrong type or range, missing files, and passwords written in the file itself.
 *
 * <p>Relative paths are taken from the directory of the configuration file, so a file and its directory move
 * together. {@link NodeConfigCheck} then checks what needs the PKI (the registry, the key stores, the directories).
 */
public final class NodeConfig {

    private final Path file;
    private final List<String> nodes;
    private final BusLayout layout;
    private final BrokerAddress broker;
    private final Path brokerCa;
    private final BusApiServer.Settings api;
    private final long maxMessageBytes;
    private final int consumersPerNode;
    private final WitnessSettings witnessing;
    private final Map<String, PasswordSource> secrets;
    private final Function<String, String> environment;

    NodeConfig(Path file, List<String> nodes, BusLayout layout, BrokerAddress broker, Path brokerCa,
                       BusApiServer.Settings api, long maxMessageBytes, int consumersPerNode, WitnessSettings witnessing,
                       Map<String, PasswordSource> secrets, Function<String, String> environment) {
        this.file = file;
        this.nodes = List.copyOf(nodes);
        this.layout = layout;
        this.broker = broker;
        this.brokerCa = brokerCa;
        this.api = api;
        this.maxMessageBytes = maxMessageBytes;
        this.consumersPerNode = consumersPerNode;
        this.witnessing = witnessing;
        this.secrets = Map.copyOf(secrets);
        this.environment = environment;
    }

    /** Reads {@code file} with this process's environment. */
    public static NodeConfig load(Path file) {
        return load(file, System::getenv);
    }

    /** Reads {@code file}; {@code environment} looks up the variables that secrets name (tests pass a map's get). */
    public static NodeConfig load(Path file, Function<String, String> environment) {
        Path path = file.toAbsolutePath().normalize();
        if (!Files.isRegularFile(path)) {
            throw new ConfigException(path, "", "no such file: give the path of a node configuration"
                    + " (docs/CONFIGURATION.md; an example is docs/examples/node-nl.json)");
        }
        JsonNode doc;
        try {
            doc = Json.mapper().reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(Files.readAllBytes(path));
        } catch (JsonProcessingException e) {
            throw new ConfigException(path, "", "not valid JSON (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(path, "", "cannot be read (" + e.getMessage() + ")");
        }
        if (doc == null || !doc.isObject()) {
            throw new ConfigException(path, "", "must be a JSON object of keys such as \"nodes\" and \"broker\""
                    + " (docs/CONFIGURATION.md)");
        }
        return new NodeConfigReader(path, environment).read(doc);
    }

    /** The configuration file, absolute. */
    public Path file() {
        return file;
    }

    public List<String> nodes() {
        return nodes;
    }

    /** Where the PKI and the nodes' files are; the work directory holds run.json. */
    public BusLayout layout() {
        return layout;
    }

    public BrokerAddress broker() {
        return broker;
    }

    /** The CA certificate that checks the broker's TLS certificate. */
    public Path brokerCa() {
        return brokerCa;
    }

    public BusApiServer.Settings api() {
        return api;
    }

    public long maxMessageBytes() {
        return maxMessageBytes;
    }

    /** How the nodes run: their message limit, consumers, passwords, the broker's CA and their witnesses. */
    public NodeSettings nodeSettings() {
        return new NodeSettings(new WireLimits(maxMessageBytes), consumersPerNode, passwords(), brokerCa, witnessing);
    }

    /**
     * The key-store passwords: a node with {@code secrets} gets its password from there (and only there), the others
     * as without a configuration ({@code BUS_KEYSTORE_PASSWORD_<NODE>}, else the key stores' {@code keystore.password}).
     */
    public KeyStorePasswords passwords() {
        Map<String, PasswordSource> byVariable = new LinkedHashMap<>();
        secrets.forEach((node, source) -> byVariable.put(KeyStorePasswords.variableFor(node), source));
        return new KeyStorePasswords(variable -> {
            PasswordSource source = byVariable.get(variable);
            return source != null ? source.read(environment) : environment.apply(variable);
        });
    }

    /** Where each node's password comes from when configured. */
    Map<String, PasswordSource> secrets() {
        return secrets;
    }
}
