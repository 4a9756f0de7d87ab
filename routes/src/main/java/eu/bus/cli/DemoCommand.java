package eu.bus.cli;

import eu.bus.demo.CrossBorderCaseDemo;
import eu.bus.demo.SitesDemo;
import eu.bus.sites.ArtemisDistribution;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {
                "Runs a scripted cross-border case end to end on the embedded broker: a fresh dev PKI, the nodes "
                        + "NL-NMT, NL-ENU, BE-NMT, BE-ENU, EUROPOL and EUROJUST in one JVM, intelligence, a case, a victim "
                        + "referral, an assistance request, one invalid and one tampered message; prints the timeline and "
                        + "verifies every node's audit log.",
                "With --sites: the case across four sites as separate processes on 127.0.0.1: a stock Artemis broker per"
                        + " site (NL, BE, EUROPOL, EUROJUST; the member states linked to both hubs) and a node process per"
                        + " agency with only its own keys; the hub's broker goes down and comes back in the middle; ends"
                        + " with the counts (sent, delivered, duplicates removed, lost) and every audit log verified. Every"
                        + " process it started is stopped at the end, also on Ctrl-C (docs/SITES.md).",
                "Exit code 0 when every message arrived, the tampered one was dead-lettered and every log verified."},
        footer = {"", "Examples:", "  bus demo --workdir demo-data", "  bus demo --sites",
                "", "Layout of the work directory: pki/ (ca.pem and the rest of the PKI), nodes/<NODE>/audit/, "
                + "nodes/<NODE>/archive/, nodes/<NODE>/delivered/, broker/."})
final class DemoCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--workdir", paramLabel = "DIR",
            description = "Keep everything under DIR (must not hold an earlier run). Default: a new temporary directory, printed"
                    + " at the end (not $" + WorkDirOption.VARIABLE + ": the demo needs a directory of its own).")
    Path workDir;

    @Option(names = "--sites", description = "Run the case across four sites, each broker and node a process of its own.")
    boolean sites;

    @Option(names = "--artemis-home", paramLabel = "DIR",
            description = "With --sites: the unpacked Apache Artemis distribution. Default: $ARTEMIS_HOME, else the one"
                    + " the build unpacked (routes/target/artemis/).")
    Path artemisHome;

    @Override
    public Integer call() throws Exception {
        if (artemisHome != null && !sites) {
            return ExitCodes.fail(spec, ExitCodes.USAGE, "--artemis-home goes with --sites: the single-process demo runs the"
                    + " embedded broker");
        }
        ArtemisDistribution artemis = null;
        if (sites) {
            try {
                artemis = ArtemisDistribution.locate(artemisHome);
            } catch (IllegalArgumentException e) {
                return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, e.getMessage());
            }
        }
        Path dir;
        try {
            dir = workDir != null ? WritableWorkDir.create(workDir.toAbsolutePath().normalize()) : Files.createTempDirectory("bus-demo-");
        } catch (IllegalArgumentException e) {
            return ExitCodes.fail(spec, ExitCodes.INVALID_INPUT, e.getMessage());
        }
        if (workDir != null && Files.exists(dir.resolve("pki"))) {
            spec.commandLine().getErr().println("bus: " + dir + " already holds a bus (pki/ exists); choose an empty directory"
                    + " or leave out --workdir");
            return ExitCodes.USAGE;
        }
        boolean passed = sites ? new SitesDemo(dir, artemis, spec.commandLine().getOut()).run()
                : new CrossBorderCaseDemo(dir, spec.commandLine().getOut()).run();
        return passed ? ExitCodes.OK : ExitCodes.VERIFICATION_FAILED;
    }
}
