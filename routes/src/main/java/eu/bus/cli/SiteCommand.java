package eu.bus.cli;

import eu.bus.broker.BrokerDefinition;
import eu.bus.broker.BrokerPluginFiles;
import eu.bus.broker.BrokerSettings;
import eu.bus.broker.SiteBrokerXml;
import eu.bus.broker.SiteLinks;
import eu.bus.keys.PkiLayout;
import eu.bus.broker.WireLimits;
import eu.bus.keys.NodeRegistry;
import eu.bus.keys.RegisteredNode;
import eu.bus.validation.ValidationLimits;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bus site}: a site's stock Artemis broker, configured from the node registry. */
@Command(name = "site", mixinStandardHelpOptions = true,
        description = "A site's broker: the stock Apache Artemis distribution, configured for the bus (docs/SITES.md).",
        footer = {"", "Example:", "  bus site init site-nl --site NL --link BE=127.0.0.1:61618 --workdir bus-data"},
        subcommands = {SiteCommand.Init.class})
final class SiteCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = {
                    "Configures an Artemis instance (made by the distribution's 'artemis create') as the bus broker of a site:"
                            + " writes its etc/broker.xml (the broker the embedded one is: TLS 1.3 acceptor with client"
                            + " certificates, a dead-letter and expiry queue per node of the site, duplicate detection,"
                            + " disk limits, no web console) and etc/bootstrap.xml (the bus's certificate login and"
                            + " authorisation), and copies the bus's broker plugin and the jars it needs into its lib/.",
                    "The TLS key store is the PKI's (DIR/pki/servers/bus-broker, or site-<site> with --site); its password is read by the broker from"
                            + " the environment variable printed at the end, never written into the configuration."},
            footer = {"", "Example:",
                    "  apache-artemis-2.44.0/bin/artemis create site-nl --silent --user unused --password unused --require-login --no-web",
                    "  bus keys tls site-nl --workdir bus-data",
                    "  bus site init site-nl --site NL --workdir bus-data --port 61617 \\",
                    "      --link EUROPOL=127.0.0.1:61619 --link EUROJUST=127.0.0.1:61620 --via EUROPOL",
                    "  BUS_KEYSTORE_PASSWORD_SITE_NL=$(cat bus-data/pki/servers/site-nl/keystore.password) site-nl/bin/artemis run",
                    "  bus run --workdir bus-data --broker 127.0.0.1:61617 --nodes NL-NMT,NL-ENU",
                    "For the apache/activemq-artemis image (docker/prepare does this for each site):",
                    "  bus site init docker/generated/site-nl --site NL --workdir docker/generated/site-nl --host 0.0.0.0 --paths-in-container"})
    static final class Init implements Callable<Integer> {

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @CommandLine.Mixin
        WorkDirOption workDir;

        @Parameters(paramLabel = "INSTANCE", description = "The Artemis instance directory (made by 'artemis create').")
        Path instance;

        @Option(names = "--site", paramLabel = "SITE",
                description = "Only the queues of the registry's nodes at this site (bus keys list shows each node's site)."
                        + " Default: every node.")
        String site;

        @Option(names = "--link", paramLabel = "SITE=HOST:PORT",
                description = "Another site's broker to link to (repeat for each): its nodes' messages go there over a core"
                        + " bridge with this site's identity (its broker certificate, bus keys tls site-<site>). Needs --site.")
        List<String> links = List.of();

        @Option(names = "--via", paramLabel = "SITE",
                description = "A linked site that relays (a hub, e.g. EUROPOL; repeat for each): its link may hand over"
                        + " messages of nodes at any site, and nodes at sites with no --link of their own are reached"
                        + " through the first --via. Must also be a --link.")
        List<String> via = List.of();

        @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
                description = "The address the broker listens on. Default: ${DEFAULT-VALUE}.")
        String host;

        @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + BrokerSettings.DEFAULT_PORT,
                description = "The TLS port. Default: ${DEFAULT-VALUE}.")
        int port;

        @Option(names = "--paths-in-container",
                description = "Write the paths as the broker sees them in the apache/activemq-artemis image run by docker/compose.yaml"
                        + " (docs/DOCKER.md): the instance " + BrokerImagePaths.INSTANCE + ", this configuration in its etc-override/,"
                        + " the PKI (DIR/pki) in " + BrokerImagePaths.PKI + ". INSTANCE is then only the directory the files are"
                        + " written to (etc/, lib/), not an Artemis instance.")
        boolean pathsInContainer;

        @Option(names = "--max-message-bytes", paramLabel = "BYTES", defaultValue = "" + ValidationLimits.DEFAULT_MAX_BYTES,
                description = "The largest message document the broker takes, as the nodes'. Default: ${DEFAULT-VALUE}.")
        long maxMessageBytes;

        @Override
        public Integer call() throws Exception {
            Path dir = instance.toAbsolutePath().normalize();
            if (pathsInContainer) {
                Files.createDirectories(dir.resolve("etc"));
            } else if (!Files.isDirectory(dir.resolve("etc")) || !Files.isDirectory(dir.resolve("bin"))) {
                return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, dir + " is not an Artemis instance (no etc/ and bin/);"
                        + " create it with the distribution: ARTEMIS_HOME/bin/artemis create " + dir
                        + " --silent --user unused --password unused --require-login --no-web");
            }
            if (port < 1 || port > 65535) {
                return ExitCodes.fail(spec, ExitCodes.USAGE, "--port must be between 1 and 65535, was " + port);
            }
            Path pki = workDir.path().resolve("pki");
            NodeRegistry registry;
            try {
                registry = NodeRegistry.load(pki);
            } catch (RuntimeException e) {
                return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, "cannot read the PKI in " + pki + ": " + e.getMessage());
            }
            List<RegisteredNode> nodes = registry.nodes().stream().filter(n -> site == null || site.equals(n.site())).toList();
            if (nodes.isEmpty()) {
                return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, "no node of the registry is at site " + site
                        + "; see the sites with: bus keys list --workdir " + workDir.path());
            }
            if (!links.isEmpty() && site == null) {
                return ExitCodes.fail(spec, ExitCodes.USAGE, "--link needs --site: the site whose broker this is");
            }
            List<SiteLinks.Remote> remotes = new java.util.ArrayList<>();
            for (String link : links) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile("([A-Za-z0-9-]+)=([^:]+):(\\d{1,5})").matcher(link);
                if (!m.matches()) {
                    return ExitCodes.fail(spec, ExitCodes.USAGE, "--link " + link + " is not SITE=HOST:PORT, e.g. --link BE=127.0.0.1:61618");
                }
                remotes.add(new SiteLinks.Remote(m.group(1).toUpperCase(java.util.Locale.ROOT), m.group(2), Integer.parseInt(m.group(3))));
            }
            List<String> hubs = via.stream().map(v -> v.toUpperCase(java.util.Locale.ROOT)).toList();
            for (String hub : hubs) {
                if (remotes.stream().noneMatch(r -> r.site().equals(hub))) {
                    return ExitCodes.fail(spec, ExitCodes.USAGE, "--via " + hub + " needs a --link " + hub
                            + "=HOST:PORT: a hub is a site this broker links to");
                }
            }
            BrokerSettings settings = BrokerSettings.defaults(dir.resolve("data"), pki).withHost(host).withPort(port)
                    .withLimits(new WireLimits(maxMessageBytes)).withHubs(java.util.Set.copyOf(hubs));
            if (site != null) {
                settings = settings.withName(SiteLinks.identity(site));
            }
            if (!Files.isRegularFile(new PkiLayout(pki).serverKeyStore(settings.name()))) {
                return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, "the broker's TLS key store " + new PkiLayout(pki).serverKeyStore(
                        settings.name()) + " does not exist; issue it with: bus keys tls " + settings.name() + " --workdir " + workDir.path());
            }
            if (pathsInContainer && !new PkiLayout(pki).anchorCertificates().isEmpty()) {
                // The acceptor's bundle of trusted CAs would be written to the data directory, which is the container's own.
                return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, "--paths-in-container does not support agencies' CAs yet ("
                        + new PkiLayout(pki).anchors() + "): run the site's broker from the distribution (docs/SITES.md)");
            }
            org.apache.activemq.artemis.core.config.Configuration config = BrokerDefinition.of(settings, nodes);
            java.util.SortedSet<String> unreachable = site == null ? new java.util.TreeSet<>()
                    : SiteLinks.addTo(config, settings, site, remotes, hubs, registry.nodes());
            SiteBrokerXml xml = pathsInContainer ? new SiteBrokerXml(settings, config, new BrokerImagePaths(dir, pki)::seenAs)
                    : new SiteBrokerXml(settings, config);
            Path brokerXml = dir.resolve("etc/broker.xml");
            Files.writeString(brokerXml, xml.brokerXml());
            Files.writeString(dir.resolve("etc/bootstrap.xml"), xml.bootstrapXml(brokerXml));
            List<String> jars = BrokerPluginFiles.copyTo(dir.resolve("lib"));
            PrintWriter out = spec.commandLine().getOut();
            out.println("configured " + dir + " as the bus broker" + (site == null ? "" : " of site " + site) + " for "
                    + nodes.stream().map(RegisteredNode::id).toList() + " on tls://" + host + ":" + port
                    + (remotes.isEmpty() ? "" : ", linked to " + remotes.stream().map(r -> r.site() + " (" + r.host() + ":" + r.port() + ")").toList()));
            out.println("  etc/broker.xml, etc/bootstrap.xml written; lib/: " + String.join(", ", jars));
            if (!unreachable.isEmpty()) {
                out.println("  not reachable from this site (no --link, no --via hub): the nodes at " + unreachable);
            }
            if (pathsInContainer) {
                out.println("Mount etc/ at " + BrokerImagePaths.ETC + ", lib/ as ARTEMIS_EXTRA_LIBS and DIR/pki at " + BrokerImagePaths.PKI
                        + " (read-only), set " + xml.passwordVariable() + ", run: run xml:" + BrokerImagePaths.ETC + "/bootstrap.xml"
                        + " (docs/DOCKER.md)");
            } else {
                out.println("Run it with its key store's password in the environment:");
                out.println("  " + xml.passwordVariable() + "=$(cat " + pki.resolve("servers/" + settings.name() + "/keystore.password")
                        + ") " + dir.resolve("bin/artemis") + " run");
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
