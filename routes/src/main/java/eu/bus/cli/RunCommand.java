package eu.bus.cli;

import eu.bus.broker.BrokerAddress;
import eu.bus.demo.CrossBorderCaseDemo;
import eu.bus.rest.BusApiServer;
import eu.bus.validation.ValidationLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
                "Runs the bus until stopped (Ctrl-C or SIGTERM): the embedded broker (TLS 1.3, client certificates), "
                        + "one gateway per node and the REST API on 127.0.0.1 (docs/API.md). With --broker, the nodes use "
                        + "a broker that runs as its own process (bus broker) instead of embedding one.",
                "Creates a dev PKI in DIR/pki when there is none (not with --broker: the nodes need the broker's PKI). "
                        + "While it runs, DIR/run.json names the API address, the process id, the nodes and the broker; "
                        + "bus submit and bus subscribe read it."},
        footer = {"", "Example:", "  bus run --workdir bus-data --api-port 8443",
                "  bus submit schemas/examples/valid/intelligence-report-1.json --as NL-NMT --fresh --workdir bus-data",
                "", "With the broker as its own process:", "  bus broker --workdir bus-data",
                "  bus run --workdir bus-data --broker 127.0.0.1:61617"})
final class RunCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    WorkDirOption workDir;

    @Option(names = "--nodes", paramLabel = "NODE", split = ",",
            description = "The nodes to run, comma separated. Default: NL-NMT,NL-ENU,BE-NMT,BE-ENU,EUROPOL,EUROJUST.")
    List<String> nodes;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "0",
            description = "The HTTPS port of the REST API on 127.0.0.1; 0 (default) picks a free one, written to run.json.")
    int apiPort;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES", defaultValue = "" + ValidationLimits.DEFAULT_MAX_BYTES,
            description = "The largest message document the bus accepts (REST, drop directory, gateways, the embedded broker;"
                    + " an external broker has its own --max-message-bytes). Default: ${DEFAULT-VALUE} (50 MiB).")
    long maxMessageBytes;

    @Option(names = "--broker", paramLabel = "HOST:PORT",
            description = "Use the broker that runs at HOST:PORT (started with bus broker, same PKI) instead of the embedded one.")
    String broker;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (apiPort < 0 || apiPort > 65535) {
            err.println("bus run: --api-port must be between 0 and 65535 (0 picks a free port), was " + apiPort);
            return ExitCodes.USAGE;
        }
        EmbeddedBus bus;
        try {
            List<String> running = nodes == null || nodes.isEmpty() ? CrossBorderCaseDemo.NODES
                    : List.copyOf(new java.util.LinkedHashSet<>(nodes));
            BrokerAddress external = broker == null ? null : BrokerAddress.parse(broker);
            bus = EmbeddedBus.start(workDir.path(), running, external,
                    BusApiServer.Settings.defaults().withPort(apiPort).withMaxBodyBytes(maxMessageBytes));
        } catch (IllegalArgumentException | IllegalStateException e) {
            err.println("bus run: " + e.getMessage());
            return ExitCodes.INVALID_INPUT;
        } catch (java.net.BindException e) {
            err.println("bus run: port " + apiPort + " is in use; choose another --api-port or 0 for a free one");
            return ExitCodes.INVALID_INPUT;
        }
        describe(out, bus);
        out.flush();
        return UntilStopped.await("bus run", bus, err);
    }

    private static void describe(PrintWriter out, EmbeddedBus bus) {
        Path dir = bus.workDir();
        String w = " --workdir " + dir;
        String first = bus.runFile().nodes().get(0);
        out.println("The bus runs (pid " + bus.runFile().pid() + "); Ctrl-C stops it.");
        out.println();
        out.println("  nodes       " + String.join(", ", bus.runFile().nodes()));
        out.println("  REST API    " + bus.api().baseUri() + "  (docs/API.md; health: " + bus.api().baseUri() + "/health)");
        out.println("  broker      tls://" + bus.runFile().broker() + (bus.runFile().brokerEmbedded() ? "  (embedded)"
                : "  (external: bus broker)"));
        out.println("  PKI         " + dir.resolve("pki") + (bus.pkiCreated()
                ? "  (new dev PKI; the bus never reads its CA key in pki/offline-ca: keep that offline)" : ""));
        out.println("  node files  " + dir.resolve("nodes") + "/<NODE>/{audit,archive,outbox,delivered,state}");
        out.println("  run file    " + dir.resolve("run.json"));
        out.println();
        out.println("Try, in another terminal:");
        out.println("  ./bus submit schemas/examples/valid/intelligence-report-1.json --as NL-NMT --fresh" + w);
        out.println("  ./bus status MESSAGE_ID" + w);
        out.println("  ./bus submit schemas/examples/valid/case-open-1.json --as NL-ENU --fresh" + w
                + "   (opens CASE-2026-000123 with BE-ENU, EUROJUST, EUROPOL)");
        out.println("  ./bus subscribe --case CASE-2026-000123 --as BE-ENU" + w);
        out.println("  curl --cacert " + dir.resolve("pki/ca.pem") + " " + bus.api().baseUri() + "/health");
        out.println("  ./bus audit verify " + dir.resolve("nodes/" + first + "/audit") + " --ca " + dir.resolve("pki/ca.pem"));
    }
}
