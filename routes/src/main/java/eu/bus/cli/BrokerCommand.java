package eu.bus.cli;

import eu.bus.broker.BrokerSettings;
import eu.bus.broker.DiskLimits;
import eu.bus.broker.WireLimits;
import eu.bus.validation.ValidationLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true,
        description = {
                "Runs only the bus broker, as its own process, until stopped (Ctrl-C or SIGTERM): the same broker bus run "
                        + "embeds (TLS 1.3 with client certificates, authorisation per address, dead-letter queue per node, "
                        + "duplicate detection, persistent journal in DIR/broker).",
                "Creates a dev PKI in DIR/pki when there is none. While it runs, DIR/broker.json names its address and "
                        + "process id. Run the nodes against it with bus run --broker HOST:PORT and the same PKI."},
        footer = {"", "Example:", "  bus broker --workdir bus-data",
                "  bus run --workdir bus-data --broker 127.0.0.1:" + BrokerSettings.DEFAULT_PORT})
final class BrokerCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    WorkDirOption workDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + BrokerSettings.DEFAULT_PORT,
            description = "The TLS port; 0 picks a free one, written to DIR/broker.json. Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "The address to listen on. Default: ${DEFAULT-VALUE} (this machine only).")
    String host;

    @Option(names = "--max-message-bytes", paramLabel = "BYTES", defaultValue = "" + ValidationLimits.DEFAULT_MAX_BYTES,
            description = "The largest message document the broker takes (plus 64 KiB for its envelope); larger ones are cut off"
                    + " while they arrive. Use the same value as the nodes' bus run --max-message-bytes. Default: ${DEFAULT-VALUE} (50 MiB).")
    long maxMessageBytes;

    @Option(names = "--max-disk-usage", paramLabel = "PERCENT", defaultValue = "" + 95,
            description = "Stop storing messages when the journal's file system is this full (1-100): senders wait, and go on"
                    + " once space returns. Default: ${DEFAULT-VALUE}.")
    int maxDiskUsage;

    @Option(names = "--min-disk-free", paramLabel = "BYTES", defaultValue = "-1",
            description = "Or stop storing when less than BYTES are free on it (wins over --max-disk-usage); -1 (default): not used.")
    long minDiskFree;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            return ExitCodes.fail(spec, ExitCodes.USAGE, "--port must be between 0 and 65535 (0 picks a free port), was " + port);
        }
        StandaloneBroker broker;
        try {
            DiskLimits disk = DiskLimits.DEFAULT.withMaxUsagePercent(maxDiskUsage).withMinFreeBytes(minDiskFree);
            broker = StandaloneBroker.start(workDir.path(), host, port, new WireLimits(maxMessageBytes), disk);
        } catch (IllegalArgumentException | IllegalStateException e) {
            return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, e.getMessage());
        }
        describe(spec.commandLine().getOut(), broker);
        return UntilStopped.await(spec.qualifiedName(), broker, spec.commandLine().getErr());
    }

    private static void describe(PrintWriter out, StandaloneBroker broker) {
        Path dir = broker.workDir();
        String address = broker.brokerFile().address().toString();
        out.println("The bus broker listens on tls://" + address + " (pid " + broker.brokerFile().pid() + "); Ctrl-C stops it.");
        out.println();
        out.println("  PKI          " + dir.resolve("pki") + (broker.pkiCreated()
                ? "  (new dev PKI; the broker never reads its CA key in pki/offline-ca: keep that offline)" : ""));
        out.println("  journal      " + dir.resolve("broker"));
        out.println("  broker file  " + BrokerFile.path(dir));
        out.println();
        out.println("Run the nodes against it, in another terminal:");
        out.println("  ./bus run --workdir " + dir + " --broker " + address);
        out.flush();
    }
}
