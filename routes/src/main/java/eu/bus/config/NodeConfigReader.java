package eu.bus.config;

import eu.bus.witnessing.WitnessSettings;
import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.broker.BrokerAddress;
import eu.bus.broker.BrokerSettings;
import eu.bus.broker.WireLimits;
import eu.bus.exchange.BusLayout;
import eu.bus.exchange.NodeDirectories;
import eu.bus.exchange.NodeSettings;
import eu.bus.keys.NodeId;
import eu.bus.rest.BusApiServer;
import eu.bus.validation.ValidationLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a node configuration document key by key into a {@link NodeConfig}: inline passwords refused first (before
 * anything could echo them), then unknown keys (with the nearest known one), then each value with its type, range
 * and defaults. Relative paths are taken from the file's directory.
 */
final class NodeConfigReader {

    private final Path file;
    private final Path base;
    private final Function<String, String> environment;

    NodeConfigReader(Path file, Function<String, String> environment) {
        this.file = file;
        this.base = file.getParent();
        this.environment = environment;
    }

    NodeConfig read(JsonNode doc) {
        refuseInlineSecrets(doc, "");
        refuseUnknownKeys(doc, "");
        List<String> nodes = nodes(doc.get("nodes"));
        Path workDir = path(doc, "workdir", base);
        Path pki = path(doc, "pki", workDir.resolve("pki"));
        requireDirectory("pki", pki, "the PKI directory with ca.pem, crl.pem, registry.json and the nodes' key stores"
                + " (bus keys init, or the copy your bus operator gave you)");
        JsonNode brokerNode = doc.path("broker");
        if (!brokerNode.has("port")) {
            throw new ConfigException(file, "broker.port", "missing: give the TLS port of the site's broker (bus broker"
                    + " prints it; its default is " + BrokerSettings.DEFAULT_PORT + ")");
        }
        String brokerHost = text(brokerNode, "broker.host", "127.0.0.1");
        BrokerAddress broker = new BrokerAddress(brokerHost, port(brokerNode.get("port"), "broker.port", 1));
        Path brokerCa = path(brokerNode, "broker.ca", pki.resolve("ca.pem"));
        if (!Files.isRegularFile(brokerCa)) {
            throw new ConfigException(file, "broker.ca", "no such file " + brokerCa + ": name the CA certificate (PEM)"
                    + " that issued the broker's certificate; by default the PKI's ca.pem");
        }
        JsonNode apiNode = doc.path("api");
        long maxBytes = number(doc.get("maxMessageBytes"), "maxMessageBytes", ValidationLimits.DEFAULT_MAX_BYTES, 1,
                Integer.MAX_VALUE);
        try {
            new WireLimits(maxBytes);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(file, "maxMessageBytes", e.getMessage());
        }
        BusApiServer.Settings api = new BusApiServer.Settings(text(apiNode, "api.host", BusApiServer.HOST),
                port(apiNode.get("port"), "api.port", 0), maxBytes,
                (int) number(apiNode.get("threads"), "api.threads", 4, 1, 256));
        int consumers = (int) number(doc.get("consumersPerNode"), "consumersPerNode", NodeSettings.DEFAULT_CONSUMERS, 1, 64);
        WitnessSettings witnessing = new WitnessSettings(doc.has("witnesses") ? nodeIds(doc.get("witnesses"), "witnesses") : List.of(),
                java.time.Duration.ofSeconds(number(doc.get("witnessIntervalSeconds"), "witnessIntervalSeconds",
                        WitnessSettings.DEFAULT_INTERVAL.toSeconds(), 1, 3600)));
        NodeDirectories directories = directories(doc.path("directories"), workDir, nodes);
        Map<String, PasswordSource> secrets = secrets(doc.path("secrets"), nodes);
        return new NodeConfig(file, nodes, new BusLayout(workDir, pki, directories), broker, brokerCa, api, maxBytes,
                consumers, witnessing, secrets, environment);
    }

    /** A key-store password in the file would be copied, backed up and shown wherever the file is. */
    private void refuseInlineSecrets(JsonNode node, String parent) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = parent.isEmpty() ? field.getKey() : parent + "." + field.getKey();
            String name = field.getKey().toLowerCase(Locale.ROOT);
            boolean secretName = (name.contains("password") || name.contains("secret") || name.contains("passphrase"))
                    && !key.equals("secrets") && !nearPasswordSource(field.getKey());
            boolean inlineEntry = parent.equals("secrets") && !field.getValue().isObject();
            if (secretName || inlineEntry) {
                String owner = parent.startsWith("secrets.") ? parent.substring("secrets.".length())
                        : inlineEntry ? field.getKey() : ConfigKeys.NODE;
                throw new ConfigException(file, key, "a password is never written in the configuration file (it would"
                        + " travel with every copy of it): put it in a file only the node's user can read (chmod 600) and"
                        + " name that with secrets." + owner + ".passwordFile, or name an environment variable that holds it"
                        + " with secrets." + owner + ".passwordEnv");
            }
            if (field.getValue().isObject()) {
                refuseInlineSecrets(field.getValue(), key);
            }
        }
    }

    /** passwordFile, passwordEnv, or a typo of them (refused as an unknown key with the right spelling). */
    private static boolean nearPasswordSource(String name) {
        return ConfigKeys.distance(name, "passwordFile") <= 2 || ConfigKeys.distance(name, "passwordEnv") <= 2;
    }

    private void refuseUnknownKeys(JsonNode node, String parent) {
        List<String> known = ConfigKeys.childrenOf(parent);
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = parent.isEmpty() ? field.getKey() : parent + "." + field.getKey();
            boolean nodeName = parent.equals("secrets");
            if (!nodeName && !known.contains(field.getKey())) {
                throw new ConfigException(file, key, "unknown key; " + ConfigKeys.nearest(key)
                        .map(k -> "did you mean " + k + "?").orElse("the keys here are " + String.join(", ", known))
                        + " (docs/CONFIGURATION.md lists every key)");
            }
            boolean group = nodeName || ConfigKeys.ALL.stream().anyMatch(k -> k.startsWith(generic(key) + "."));
            if (group && !field.getValue().isObject()) {
                throw new ConfigException(file, key, "must be an object of keys (" + String.join(", ",
                        ConfigKeys.childrenOf(key)) + "), was " + field.getValue().getNodeType().toString().toLowerCase(Locale.ROOT));
            }
            if (group) {
                refuseUnknownKeys(field.getValue(), key);
            }
        }
    }

    private static String generic(String key) {
        String[] parts = key.split("\\.");
        if (parts.length >= 2 && parts[0].equals("secrets")) {
            parts[1] = ConfigKeys.NODE;
        }
        return String.join(".", parts);
    }

    private List<String> nodes(JsonNode value) {
        if (value == null || !value.isArray() || value.isEmpty()) {
            throw new ConfigException(file, "nodes", (value == null ? "missing" : "must be a non-empty list")
                    + ": list the ids of the nodes this process runs, e.g. \"nodes\": [\"NL-NMT\"]");
        }
        return nodeIds(value, "nodes");
    }

    /** A list of node ids under {@code key}, each valid and listed once. */
    private List<String> nodeIds(JsonNode value, String key) {
        if (!value.isArray()) {
            throw new ConfigException(file, key, "must be a list of node ids, e.g. [\"EUROJUST\", \"EUROPOL\"]");
        }
        List<String> nodes = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new ConfigException(file, key, "each node is a string such as \"NL-NMT\", found " + item);
            }
            try {
                NodeId.requireValid(item.asText());
            } catch (IllegalArgumentException e) {
                throw new ConfigException(file, key, e.getMessage());
            }
            if (nodes.contains(item.asText())) {
                throw new ConfigException(file, key, item.asText() + " is listed twice: list each node once");
            }
            nodes.add(item.asText());
        }
        return nodes;
    }

    private NodeDirectories directories(JsonNode group, Path workDir, List<String> nodes) {
        NodeDirectories defaults = NodeDirectories.under(workDir.resolve("nodes"));
        return new NodeDirectories(template(group, "audit", defaults.audit(), nodes),
                template(group, "archive", defaults.archive(), nodes), template(group, "state", defaults.state(), nodes),
                template(group, "delivered", defaults.delivered(), nodes), template(group, "drop", defaults.drop(), nodes));
    }

    private String template(JsonNode group, String name, String fallback, List<String> nodes) {
        String key = "directories." + name;
        if (!group.has(name)) {
            return fallback;
        }
        String text = text(group, key, null);
        if (nodes.size() > 1 && !text.contains(NodeDirectories.NODE)) {
            throw new ConfigException(file, key, "this process runs " + nodes.size() + " nodes, which must not share one "
                    + name + " directory: put " + NodeDirectories.NODE + " in the path where the node's id goes, e.g. \""
                    + text + "/" + NodeDirectories.NODE + "\"");
        }
        return base.resolve(text).normalize().toString();
    }

    private Map<String, PasswordSource> secrets(JsonNode group, List<String> nodes) {
        Map<String, PasswordSource> secrets = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = group.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String node = entry.getKey();
            String key = "secrets." + node;
            if (!nodes.contains(node)) {
                throw new ConfigException(file, key, node + " is not one of the nodes this process runs (" + String.join(", ", nodes)
                        + "): remove the entry, or add the node to \"nodes\"");
            }
            JsonNode source = entry.getValue();
            if (source.has("passwordFile") == source.has("passwordEnv")) {
                throw new ConfigException(file, key, "give exactly one of passwordFile (a file holding " + node
                        + "'s key-store password, chmod 600) and passwordEnv (the name of an environment variable holding it)");
            }
            PasswordSource password = source.has("passwordFile")
                    ? PasswordSource.ofFile(node, path(source, key + ".passwordFile", null))
                    : PasswordSource.ofVariable(node, text(source, key + ".passwordEnv", null));
            secrets.put(node, password);
        }
        return secrets;
    }

    /** The text at the last segment of {@code key} in {@code group}, or {@code fallback} when absent (null: required). */
    private String text(JsonNode group, String key, String fallback) {
        JsonNode value = group.get(key.substring(key.lastIndexOf('.') + 1));
        if (value == null) {
            if (fallback == null) {
                throw new ConfigException(file, key, "missing");
            }
            return fallback;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new ConfigException(file, key, "must be a non-empty string, was " + value);
        }
        return value.asText();
    }

    private Path path(JsonNode group, String key, Path fallback) {
        JsonNode value = group.get(key.substring(key.lastIndexOf('.') + 1));
        return value == null && fallback != null ? fallback : base.resolve(text(group, key, null)).normalize();
    }

    private void requireDirectory(String key, Path dir, String what) {
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(file, key, "no such directory " + dir + ": it must be " + what);
        }
    }

    private int port(JsonNode value, String key, int lowest) {
        return (int) number(value, key, 0, lowest, 65535);
    }

    private long number(JsonNode value, String key, long fallback, long lowest, long highest) {
        if (value == null) {
            return fallback;
        }
        if (!value.canConvertToLong() || !value.isIntegralNumber()) {
            throw new ConfigException(file, key, "must be a whole number between " + lowest + " and " + highest
                    + ", was " + value);
        }
        if (value.asLong() < lowest || value.asLong() > highest) {
            throw new ConfigException(file, key, "must be between " + lowest + " and " + highest
                    + (key.equals("api.port") ? " (0 picks a free port)" : "") + ", was " + value.asLong());
        }
        return value.asLong();
    }
}
