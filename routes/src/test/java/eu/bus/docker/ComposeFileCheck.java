package eu.bus.docker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import eu.bus.cli.BrokerImagePaths;
import eu.bus.keys.KeyStorePasswords;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What docker/compose.yaml must be for a registry (node to site): a broker service per site (the official Artemis
 * image, run from the configuration bus site init writes, with the bus's plugin), a node service per node on its
 * site's broker only, every port on 127.0.0.1 and used once, every mounted file read-only, a health check on
 * every service, and no password but the variables each container needs. Returns the problems, none when right.
 */
final class ComposeFileCheck {

    static final String ARTEMIS_IMAGE = "apache/activemq-artemis:2.44.0";
    /** A container's own writable state: the broker's instance (journal), the node's files. */
    static final Set<String> DATA_DIRECTORIES = Set.of(BrokerImagePaths.INSTANCE, "/var/lib/bus");
    private static final Pattern PORT = Pattern.compile("127\\.0\\.0\\.1:(\\d{1,5}):(\\d{1,5})");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|passphrase).*");

    private final JsonNode compose;
    private final Map<String, String> siteOfNode;
    private final List<String> problems = new ArrayList<>();

    private ComposeFileCheck(JsonNode compose, Map<String, String> siteOfNode) {
        this.compose = compose;
        this.siteOfNode = siteOfNode;
    }

    static JsonNode parse(String yaml) throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(yaml);
    }

    static List<String> problems(String yaml, Map<String, String> siteOfNode) throws IOException {
        ComposeFileCheck check = new ComposeFileCheck(parse(yaml), siteOfNode);
        check.run(yaml);
        return check.problems;
    }

    static String brokerService(String site) {
        return "broker-" + site.toLowerCase(Locale.ROOT);
    }

    static String nodeService(String node) {
        return "node-" + node.toLowerCase(Locale.ROOT);
    }

    private void run(String yaml) {
        if (yaml.contains("PRIVATE KEY")) {
            problems.add("the file holds a private key");
        }
        JsonNode services = compose.path("services");
        Set<String> expected = new LinkedHashSet<>();
        for (String site : new TreeSet<>(siteOfNode.values())) {
            expected.add(brokerService(site));
            broker(site, services.path(brokerService(site)));
        }
        siteOfNode.forEach((node, site) -> {
            expected.add(nodeService(node));
            node(node, site, services.path(nodeService(node)));
        });
        Map<Integer, String> hostPorts = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = services.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> service = it.next();
            if (!expected.contains(service.getKey())) {
                problems.add(service.getKey() + ": neither the broker of a registry site nor a registry node");
            }
            common(service.getKey(), service.getValue(), hostPorts);
        }
    }

    private void broker(String site, JsonNode service) {
        String name = brokerService(site);
        if (service.isMissingNode()) {
            problems.add("site " + site + " has no broker service " + name);
            return;
        }
        if (!ARTEMIS_IMAGE.equals(service.path("image").asText())) {
            problems.add(name + ": image is not " + ARTEMIS_IMAGE + " but " + service.path("image").asText());
        }
        List<String> command = texts(service.path("command"));
        if (!command.equals(List.of("run", "xml:" + BrokerImagePaths.ETC + "/bootstrap.xml"))) {
            problems.add(name + ": command is not run xml:" + BrokerImagePaths.ETC + "/bootstrap.xml but " + command);
        }
        Map<String, Mount> mounts = mounts(service);
        String dir = "./generated/site-" + site.toLowerCase(Locale.ROOT);
        expectMount(name, mounts, BrokerImagePaths.ETC, dir + "/etc");
        expectMount(name, mounts, BrokerImagePaths.PKI, dir + "/pki");
        String libs = environment(service).get("ARTEMIS_EXTRA_LIBS");
        if (libs == null) {
            problems.add(name + ": no ARTEMIS_EXTRA_LIBS, so the broker would not load the bus's plugin");
        } else {
            expectMount(name, mounts, libs, dir + "/lib");
        }
        if (!mounts.containsKey(BrokerImagePaths.INSTANCE)) {
            problems.add(name + ": no volume at " + BrokerImagePaths.INSTANCE + ": the journal would not outlive the container");
        }
        expectPasswords(name, service, Set.of(KeyStorePasswords.variableFor("site-" + site)));
    }

    private void node(String node, String site, JsonNode service) {
        String name = nodeService(node);
        if (service.isMissingNode()) {
            problems.add("node " + node + " has no service " + name);
            return;
        }
        String broker = brokerService(site);
        if (!"service_healthy".equals(service.path("depends_on").path(broker).path("condition").asText())) {
            problems.add(name + ": does not wait for its site's broker " + broker + " to be healthy (depends_on)");
        }
        Set<String> networks = new TreeSet<>(service.path("networks").isObject() ? fieldNames(service.path("networks"))
                : texts(service.path("networks")));
        if (!networks.equals(Set.of(site.toLowerCase(Locale.ROOT)))) {
            problems.add(name + ": networks " + networks + ", not only its site's, " + site.toLowerCase(Locale.ROOT));
        }
        Map<String, Mount> mounts = mounts(service);
        String dir = "./generated/" + name;
        expectMount(name, mounts, "/etc/bus/pki", dir + "/pki");
        expectMount(name, mounts, "/etc/bus/node.json", dir + "/node.json");
        expectPasswords(name, service, Set.of(KeyStorePasswords.variableFor(node), KeyStorePasswords.variableFor("bus-api")));
    }

    private void common(String name, JsonNode service, Map<Integer, String> hostPorts) {
        for (String port : texts(service.path("ports"))) {
            Matcher m = PORT.matcher(port);
            if (!m.matches()) {
                problems.add(name + ": port " + port + " is not published on 127.0.0.1 only (127.0.0.1:HOST:CONTAINER)");
                continue;
            }
            String other = hostPorts.put(Integer.parseInt(m.group(1)), name);
            if (other != null) {
                problems.add(name + ": host port " + m.group(1) + " is " + other + "'s too");
            }
        }
        JsonNode health = service.path("healthcheck");
        List<String> test = texts(health.path("test"));
        if (test.isEmpty() || test.get(0).equals("NONE") || health.path("disable").asBoolean(false)) {
            problems.add(name + ": no health check");
        }
        for (Mount mount : mounts(service).values()) {
            if (mount.bind() && !mount.readOnly()) {
                problems.add(name + ": " + mount.source() + " is mounted writable at " + mount.target() + " (keys and configuration: :ro)");
            }
            if (!mount.bind() && !DATA_DIRECTORIES.contains(mount.target())) {
                problems.add(name + ": volume " + mount.source() + " at " + mount.target() + " is not a data directory");
            }
            if (!mount.bind() && !compose.path("volumes").has(mount.source())) {
                problems.add(name + ": volume " + mount.source() + " is not declared");
            }
        }
        if (service.has("env_file")) {
            problems.add(name + ": env_file would give the container every password of the file; name its own in environment");
        }
        environment(service).forEach((key, value) -> {
            if (SECRET_NAME.matcher(key).matches() && !value.matches("\\$\\{" + Pattern.quote(key) + "(:\\?[^}]*)?}")) {
                problems.add(name + ": " + key + " is given a value in the file, not ${" + key + ":?...} from the environment");
            }
        });
    }

    private void expectMount(String name, Map<String, Mount> mounts, String target, String source) {
        Mount mount = mounts.get(target);
        if (mount == null || !mount.source().equals(source)) {
            problems.add(name + ": " + source + " is not mounted at " + target);
        }
    }

    private void expectPasswords(String name, JsonNode service, Set<String> expected) {
        Set<String> given = new TreeSet<>();
        environment(service).keySet().stream().filter(k -> SECRET_NAME.matcher(k).matches()).forEach(given::add);
        if (!given.equals(new TreeSet<>(expected))) {
            problems.add(name + ": passwords " + given + ", not exactly its own " + new TreeSet<>(expected));
        }
    }

    record Mount(String source, String target, boolean readOnly) {
        boolean bind() {
            return source.startsWith(".") || source.startsWith("/");
        }
    }

    /** Short syntax (SOURCE:TARGET[:ro]) and long syntax (type, source, target, read_only), by target. */
    static Map<String, Mount> mounts(JsonNode service) {
        Map<String, Mount> out = new LinkedHashMap<>();
        for (JsonNode volume : service.path("volumes")) {
            Mount mount;
            if (volume.isTextual()) {
                String[] parts = volume.asText().split(":");
                mount = new Mount(parts[0], parts.length > 1 ? parts[1] : parts[0],
                        parts.length > 2 && List.of(parts[2].split(",")).contains("ro"));
            } else {
                mount = new Mount(volume.path("source").asText(), volume.path("target").asText(), volume.path("read_only").asBoolean(false));
            }
            out.put(mount.target(), mount);
        }
        return out;
    }

    static Map<String, String> environment(JsonNode service) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode env = service.path("environment");
        if (env.isObject()) {
            env.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        } else {
            for (JsonNode entry : env) {
                String[] kv = entry.asText().split("=", 2);
                out.put(kv[0], kv.length > 1 ? kv[1] : "");
            }
        }
        return out;
    }

    static List<String> texts(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isTextual()) {
            out.add(node.asText());
        }
        for (JsonNode item : node.isArray() ? node : List.<JsonNode>of()) {
            out.add(item.asText());
        }
        return out;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
