package eu.bus.cli;

import eu.bus.broker.BrokerUnreachableException;
import eu.bus.config.ConfigException;
import eu.bus.config.NodeConfig;
import eu.bus.config.NodeConfigCheck;
import eu.bus.exchange.BusLayout;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "node", mixinStandardHelpOptions = true,
        description = {
                "Runs the nodes of one agency, as its configuration file says (docs/CONFIGURATION.md), against the broker of "
                        + "its site (bus broker) until stopped (Ctrl-C or SIGTERM): each node with its own keys only, its own "
                        + "files, and the REST API (docs/API.md).",
                "The file is checked first (unknown keys, values, the registry, the nodes' key stores, the directories); "
                        + "--check does only that. While it runs, WORKDIR/run.json names the API, so bus submit --workdir WORKDIR "
                        + "finds it."},
        footer = {"", "Example:", "  bus node --config docs/examples/node-nl.json --check",
                "  bus node --config docs/examples/node-nl.json", "", "A minimal file (docs/CONFIGURATION.md lists every key):",
                "  {\"nodes\": [\"NL-NMT\"], \"workdir\": \"nl-data\", \"broker\": {\"host\": \"127.0.0.1\", \"port\": 61617},",
                "   \"secrets\": {\"NL-NMT\": {\"passwordFile\": \"/run/secrets/nl-nmt-keystore\"}}}"})
final class NodeCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true,
            description = "The node configuration (JSON; docs/CONFIGURATION.md lists every key).")
    Path config;

    @Option(names = "--check", description = "Check the configuration and what it names (keys, registry, directories), then exit.")
    boolean check;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        NodeConfig node;
        List<String> checked;
        try {
            node = NodeConfig.load(config);
            checked = NodeConfigCheck.run(node);
        } catch (ConfigException e) {
            return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, e.getMessage());
        }
        if (check) {
            out.println(node.file() + ": ok");
            checked.forEach(line -> out.println("  " + line));
            return ExitCodes.OK;
        }
        EmbeddedBus bus;
        try {
            bus = EmbeddedBus.start(node.layout(), node.nodes(), node.broker(), node.api(), node.nodeSettings());
        } catch (BrokerUnreachableException e) {
            return ExitCodes.fail(spec, ExitCodes.INTERNAL, e.getMessage() + "; or correct broker.host and broker.port in "
                    + node.file());
        } catch (IllegalArgumentException | IllegalStateException e) {
            return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, e.getMessage());
        } catch (java.net.BindException e) {
            return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, "the API address " + node.api().host() + ":" + node.api().port()
                    + " is in use or not of this host (" + e.getMessage() + "); change api.port (0 picks a free one) or api.host in "
                    + node.file());
        }
        describe(out, node, bus);
        out.flush();
        return UntilStopped.await("bus node", bus, spec.commandLine().getErr());
    }

    private static void describe(PrintWriter out, NodeConfig node, EmbeddedBus bus) {
        BusLayout layout = node.layout();
        out.println("The node runs (pid " + bus.runFile().pid() + ", " + node.file() + "); Ctrl-C stops it.");
        out.println();
        out.println("  nodes       " + String.join(", ", bus.runFile().nodes()));
        out.println("  REST API    " + bus.api().baseUri() + "  (docs/API.md)");
        out.println("  broker      tls://" + bus.runFile().broker() + "  (external)");
        out.println("  PKI         " + layout.pki());
        for (String id : node.nodes()) {
            out.println("  " + id + "  audit " + layout.audit(id) + ", state " + layout.state(id) + ", delivered "
                    + layout.delivered(id));
        }
        out.println("  run file    " + layout.workDir().resolve("run.json"));
    }
}
