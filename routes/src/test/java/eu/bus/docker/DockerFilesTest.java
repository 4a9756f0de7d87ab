package eu.bus.docker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.cli.BrokerImagePaths;
import eu.bus.cli.BusCommand;
import eu.bus.demo.CrossBorderCaseDemo;
import eu.bus.keys.DevPki;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.PkiLayout;
import eu.bus.keys.RegisteredNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * docker/ against the demo's registry (no Docker engine runs here, so the files are read, not run):
 * compose.yaml has a broker per site and a service per node on its site's broker, ports on 127.0.0.1 used once,
 * keys and configuration read-only, health checks, no password in the file; the node's Dockerfile is multi-stage,
 * non-root, with no key or secret in it; and bus site init --paths-in-container writes only paths that the
 * broker's container has, as compose.yaml mounts them. Each rule is shown to fail on a copy of the file broken
 * on purpose.
 */
class DockerFilesTest {

    static final Path DOCKER = Path.of("../docker");

    @TempDir
    static Path dir;
    static Path pki;
    /** The demo's nodes and the site the registry places each at. */
    static Map<String, String> siteOfNode;

    @BeforeAll
    static void registry() {
        pki = dir.resolve("ca/pki");
        DevPki.init(pki, CrossBorderCaseDemo.NODES);
        siteOfNode = new TreeMap<>();
        for (RegisteredNode node : NodeRegistry.load(pki).nodes()) {
            siteOfNode.put(node.id(), node.site());
        }
    }

    static String compose() throws IOException {
        return Files.readString(DOCKER.resolve("compose.yaml"));
    }

    static String dockerfile() throws IOException {
        return Files.readString(DOCKER.resolve("Dockerfile"));
    }

    static String dockerignore() throws IOException {
        return Files.readString(Path.of("../.dockerignore"));
    }

    @Test
    void shouldHaveABrokerPerSiteAndAServicePerNodeWithNothingWrong() throws IOException {
        assertEquals(Map.of("NL-NMT", "NL", "NL-ENU", "NL", "BE-NMT", "BE", "BE-ENU", "BE", "EUROPOL", "EUROPOL",
                "EUROJUST", "EUROJUST"), siteOfNode, "the registry the checks run against");
        assertEquals(List.of(), ComposeFileCheck.problems(compose(), siteOfNode));
        JsonNode services = ComposeFileCheck.parse(compose()).path("services");
        assertEquals(4 + 6, services.size(), "four brokers, six nodes");
    }

    @Test
    void shouldBuildTheNodeWithoutKeysAndRunItAsItsOwnUser() throws IOException {
        assertEquals(List.of(), DockerfileCheck.problems(dockerfile(), dockerignore()));
    }

    /** A change to compose.yaml, and the problem the check must then report. */
    record Breakage(String what, String from, String to, String expected) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Breakage> composeBreakages() {
        return Stream.of(
                new Breakage("a site without its broker", "  broker-be:\n", "  broker-xx:\n", "site BE has no broker service broker-be"),
                new Breakage("another broker image", "image: apache/activemq-artemis:2.44.0\n    # The image copies",
                        "image: apache/activemq-artemis:2.43.0\n    # The image copies", "broker-nl: image is not"),
                new Breakage("a node without its service", "  node-be-enu:\n", "  node-be-en:\n", "node BE-ENU has no service node-be-enu"),
                new Breakage("a node on another site's broker", "    depends_on:\n      broker-nl:\n",
                        "    depends_on:\n      broker-be:\n", "node-nl-nmt: does not wait for its site's broker broker-nl"),
                new Breakage("a node that starts before its broker is healthy", "condition: service_healthy",
                        "condition: service_started", "does not wait for its site's broker"),
                new Breakage("a node on two sites' networks", "    networks: [be]\n", "    networks: [be, nl]\n",
                        "networks [be, nl], not only its site's"),
                new Breakage("a port on every interface", "\"127.0.0.1:61618:61617\"", "\"61618:61617\"",
                        "port 61618:61617 is not published on 127.0.0.1 only"),
                new Breakage("a port used twice", "\"127.0.0.1:8442:8443\"", "\"127.0.0.1:8441:8443\"",
                        "host port 8441 is node-nl-nmt's too"),
                new Breakage("a key store mounted writable", "./generated/node-eurojust/pki:/etc/bus/pki:ro",
                        "./generated/node-eurojust/pki:/etc/bus/pki", "node-eurojust: ./generated/node-eurojust/pki is mounted writable"),
                new Breakage("the configuration mounted writable", "./generated/site-be/etc:/var/lib/artemis-instance/etc-override:ro",
                        "./generated/site-be/etc:/var/lib/artemis-instance/etc-override:rw", "broker-be: ./generated/site-be/etc is mounted writable"),
                new Breakage("a broker without its plugin", "      ARTEMIS_EXTRA_LIBS: /opt/bus/broker-lib\n      BUS_KEYSTORE_PASSWORD_SITE_EUROJUST",
                        "      BUS_KEYSTORE_PASSWORD_SITE_EUROJUST", "broker-eurojust: no ARTEMIS_EXTRA_LIBS"),
                new Breakage("a broker started from the configuration copied at creation", "command: [\"run\", \"xml:/var/lib/artemis-instance/etc-override/bootstrap.xml\"]",
                        "command: [\"run\"]", "command is not run xml:"),
                new Breakage("a broker without a health check", "    healthcheck:\n      test: [\"CMD\", \"bash\", \"-c\", \"exec 3<>/dev/tcp/127.0.0.1/61617\"]",
                        "    healthcheck:\n      disable: true\n      test: [\"CMD\", \"bash\", \"-c\", \"exec 3<>/dev/tcp/127.0.0.1/61617\"]",
                        "broker-nl: no health check"),
                new Breakage("a password in the file", "${BUS_KEYSTORE_PASSWORD_SITE_NL:?run docker/prepare first}", "hunter2hunter2",
                        "broker-nl: BUS_KEYSTORE_PASSWORD_SITE_NL is given a value in the file"),
                new Breakage("another container's password", "      BUS_KEYSTORE_PASSWORD_BE_NMT: ${BUS_KEYSTORE_PASSWORD_BE_NMT:?run docker/prepare first}\n",
                        "      BUS_KEYSTORE_PASSWORD_BE_NMT: ${BUS_KEYSTORE_PASSWORD_BE_NMT:?run docker/prepare first}\n"
                                + "      BUS_KEYSTORE_PASSWORD_BE_ENU: ${BUS_KEYSTORE_PASSWORD_BE_ENU:?run docker/prepare first}\n",
                        "node-be-nmt: passwords [BUS_KEYSTORE_PASSWORD_BE_ENU, BUS_KEYSTORE_PASSWORD_BE_NMT, BUS_KEYSTORE_PASSWORD_BUS_API], not exactly its own"),
                new Breakage("every password to every container", "    image: bus-node:dev\n    environment:\n      BUS_KEYSTORE_PASSWORD_EUROPOL",
                        "    image: bus-node:dev\n    env_file: .env\n    environment:\n      BUS_KEYSTORE_PASSWORD_EUROPOL",
                        "node-europol: env_file would give the container every password"),
                new Breakage("a volume over the configuration", "./generated/node-nl-enu/node.json:/etc/bus/node.json:ro",
                        "node-nl-enu-data:/etc/bus", "node-nl-enu: volume node-nl-enu-data at /etc/bus is not a data directory"),
                new Breakage("a private key in the file", "name: bus\n", "name: bus\n# -----BEGIN PRIVATE KEY-----\n",
                        "the file holds a private key"),
                new Breakage("a service the registry does not know", "\nnetworks:\n",
                        "\n  node-fr-nmt:\n    image: bus-node:dev\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n\nnetworks:\n",
                        "node-fr-nmt: neither the broker of a registry site nor a registry node"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("composeBreakages")
    void shouldReportWhatIsWrongWithABrokenComposeFile(Breakage breakage) throws IOException {
        String broken = breakOnce(compose(), breakage);
        List<String> problems = ComposeFileCheck.problems(broken, siteOfNode);
        assertTrue(problems.stream().anyMatch(p -> p.contains(breakage.expected())), breakage.what() + ": " + problems);
    }

    static Stream<Breakage> dockerfileBreakages() {
        return Stream.of(
                new Breakage("one stage", "FROM maven:3.9-eclipse-temurin-17 AS build\n", "", "not a multi-stage build"),
                new Breakage("a JDK to run", "FROM eclipse-temurin:17-jre\n", "FROM eclipse-temurin:17-jdk\n",
                        "the runtime stage is not a JRE 17 image"),
                new Breakage("another build", "mvn -B -DskipTests -pl routes -am package", "mvn -B -DskipTests package",
                        "the build stage does not run"),
                new Breakage("run as root", "USER bus\n", "USER root\n", "the runtime stage runs as root"),
                new Breakage("no user", "USER bus\n", "", "the runtime stage runs as root (no USER)"),
                new Breakage("the PKI copied in", "COPY routes routes\n", "COPY routes routes\nCOPY docker/generated/node-nl-nmt/pki /etc/bus/pki\n",
                        "puts keys or passwords into the image"),
                new Breakage("a key store copied in", "COPY --from=build /src/routes/target/lib /opt/bus/lib\n",
                        "COPY --from=build /src/routes/target/lib /opt/bus/lib\nCOPY --from=build /src/signing.p12 /etc/bus/signing.p12\n",
                        "puts keys or passwords into the image"),
                new Breakage("host files in the runtime stage", "COPY --from=build /src/routes/target/bus.jar /opt/bus/bus.jar\n",
                        "COPY routes/target/bus.jar /opt/bus/bus.jar\n", "the runtime stage copies from the build context"),
                new Breakage("a password in ENV", "USER bus\n", "ENV BUS_KEYSTORE_PASSWORD_NL_NMT=hunter2\nUSER bus\n",
                        "ENV BUS_KEYSTORE_PASSWORD_NL_NMT=hunter2 looks like a secret"),
                new Breakage("a password as a build argument", "# syntax=docker/dockerfile:1\n", "# syntax=docker/dockerfile:1\nARG CA_PASSWORD\n",
                        "ARG CA_PASSWORD looks like a secret"),
                new Breakage("no health check", "HEALTHCHECK --interval", "# HEALTHCHECK --interval", "no HEALTHCHECK"),
                new Breakage("another command", "CMD [\"node\", \"--config\", \"/etc/bus/node.json\"]", "CMD [\"run\"]",
                        "the image does not run bus node --config FILE"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dockerfileBreakages")
    void shouldReportWhatIsWrongWithABrokenDockerfile(Breakage breakage) throws IOException {
        List<String> problems = DockerfileCheck.problems(breakOnce(dockerfile(), breakage), dockerignore());
        assertTrue(problems.stream().anyMatch(p -> p.contains(breakage.expected())), breakage.what() + ": " + problems);
    }

    @Test
    void shouldReportABuildContextThatWouldTakeInKeys() throws IOException {
        String broken = breakOnce(dockerignore(), new Breakage("", "**/pki/\n", "", ""));
        assertEquals(List.of(".dockerignore does not leave out **/pki/"), DockerfileCheck.problems(dockerfile(), broken));
    }

    /**
     * bus site init --paths-in-container, as docker/prepare runs it for NL: every path broker.xml and bootstrap.xml
     * name is inside a mount of compose.yaml's broker-nl and exists there (the PKI's files, the configuration), and
     * no path of this machine is left in them.
     */
    @Test
    void shouldWriteTheBrokerConfigurationWithThePathsTheBrokersContainerMounts() throws Exception {
        Path site = dir.resolve("site-nl");
        copy(pki, site.resolve("pki"));
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).issueServer(site.resolve("pki"), "site-nl");
        int code = bus("site", "init", site.toString(), "--site", "NL", "--workdir", site.toString(), "--host", "0.0.0.0",
                "--port", "61617", "--link", "EUROPOL=broker-europol:61617", "--link", "EUROJUST=broker-eurojust:61617",
                "--paths-in-container");
        assertEquals(0, code);
        try (Stream<Path> lib = Files.list(site.resolve("lib"))) {
            assertTrue(lib.anyMatch(DockerFilesTest::holdsThePlugin), "the plugin's jar in lib/ (ARTEMIS_EXTRA_LIBS)");
        }
        assertFalse(Files.exists(site.resolve("data")), "nothing written for the container's own data directory");

        JsonNode broker = ComposeFileCheck.parse(compose()).path("services").path("broker-nl");
        Map<String, ComposeFileCheck.Mount> mounts = ComposeFileCheck.mounts(broker);
        Map<String, Path> hostOf = Map.of(BrokerImagePaths.ETC, site.resolve("etc"), BrokerImagePaths.PKI, site.resolve("pki"));
        List<String> paths = new ArrayList<>();
        for (String file : List.of("broker.xml", "bootstrap.xml")) {
            String xml = Files.readString(site.resolve("etc").resolve(file));
            assertFalse(xml.contains(dir.toString()), file + " names a path of this machine:\n" + xml);
            Matcher m = Pattern.compile("(?:Path=|-directory>|value=\"|configuration=\"file://)(/[^;<\"]+)").matcher(xml);
            while (m.find()) {
                paths.add(m.group(1));
            }
        }
        assertTrue(paths.size() >= 10, "paths found: " + paths);
        assertTrue(paths.contains(BrokerImagePaths.ETC + "/broker.xml"), "bootstrap.xml names the mounted broker.xml: " + paths);
        for (String path : paths) {
            String mount = mounts.keySet().stream().filter(t -> path.equals(t) || path.startsWith(t + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError(path + " is in no mount of broker-nl: " + mounts.keySet()));
            if (hostOf.containsKey(mount)) {
                Path host = hostOf.get(mount).resolve(path.substring(mount.length()).replaceFirst("^/", ""));
                assertTrue(Files.exists(host), path + " is mounted from " + host + ", which does not exist");
            }
        }
        assertEquals(List.of("run", "xml:" + BrokerImagePaths.ETC + "/bootstrap.xml"), ComposeFileCheck.texts(broker.path("command")));
    }

    /**
     * Nodes and other sites' brokers dial a broker by its service name, and Artemis' connectors check that name
     * against the certificate (verifyHost): bus keys tls --hostname puts it there, beside localhost and 127.0.0.1.
     */
    @Test
    void shouldIssueABrokerCertificateNamingItsServiceWhichClientsCheck() throws Exception {
        Path work = dir.resolve("names");
        copy(pki, work.resolve("pki"));
        for (String site : new java.util.TreeSet<>(siteOfNode.values())) {
            String service = ComposeFileCheck.brokerService(site);
            assertTrue(ComposeFileCheck.parse(compose()).path("services").has(service), service);
            String name = "site-" + site.toLowerCase(java.util.Locale.ROOT);
            assertEquals(0, bus("keys", "tls", name, "--hostname", service, "--workdir", work.toString()));
            java.security.cert.X509Certificate cert = eu.bus.keys.ProtectedKeyStore.ofServer(work.resolve("pki"), name)
                    .entry().certificate();
            List<String> names = cert.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
            assertEquals(List.of("localhost", "127.0.0.1", service), names);
        }
        StringWriter err = new StringWriter();
        assertEquals(2, bus(err, "keys", "tls", "site-nl", "--hostname", "broker_nl", "--workdir", work.toString()));
        assertTrue(err.toString().contains("'broker_nl' is not a DNS host name"), err.toString());
    }

    @Test
    void shouldRefuseAgenciesCasInAContainerWithWhatToDo() throws Exception {
        Path site = dir.resolve("site-be");
        copy(pki, site.resolve("pki"));
        new DevPki(Clock.systemUTC(), DevPki.DEFAULT_NODE_VALIDITY).issueServer(site.resolve("pki"), "site-be");
        PkiLayout layout = new PkiLayout(site.resolve("pki"));
        Files.createDirectories(layout.anchors());
        Files.copy(layout.caCertificate(), layout.anchor("agency-be"));
        StringWriter err = new StringWriter();
        int code = bus(err, "site", "init", site.toString(), "--site", "BE", "--workdir", site.toString(), "--paths-in-container");
        assertEquals(2, code);
        assertTrue(err.toString().contains("--paths-in-container does not support agencies' CAs yet"), err.toString());
        assertFalse(Files.exists(site.resolve("etc/broker.xml")));
    }

    private static int bus(String... args) {
        return bus(new StringWriter(), args);
    }

    private static int bus(StringWriter err, String... args) {
        CommandLine command = new CommandLine(new BusCommand());
        command.setOut(new PrintWriter(new StringWriter(), true));
        command.setErr(new PrintWriter(err, true));
        return command.execute(args);
    }

    private static boolean holdsThePlugin(Path jar) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(jar.toFile())) {
            return zip.getEntry("eu/bus/broker/BusBrokerPlugin.class") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static String breakOnce(String text, Breakage breakage) {
        int at = text.indexOf(breakage.from());
        assertTrue(at >= 0, "the file no longer has what this case changes: " + breakage.from());
        return text.substring(0, at) + breakage.to() + text.substring(at + breakage.from().length());
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
