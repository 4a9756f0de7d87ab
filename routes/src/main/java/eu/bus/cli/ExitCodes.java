package eu.bus.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/**
 * Exit codes shared by every subcommand (0-4, nothing else: long-running commands exit 0 after a clean
 * stop by Ctrl-C or SIGTERM), and the command line set up to use them.
 */
public final class ExitCodes {
    /** Done; for bus run, bus node and bus broker also: stopped cleanly by Ctrl-C or SIGTERM. */
    public static final int OK = 0;
    /** The command line is wrong (unknown option, missing argument). */
    public static final int USAGE = 1;
    /** What was given is wrong or refused (a file, an id, a node, the work directory, a key store password). */
    public static final int INVALID_INPUT = 2;
    /** An audit log or archive failed verification. */
    public static final int VERIFICATION_FAILED = 3;
    /** The bus, its broker, the disk or an audit log is unavailable, or an internal error; the message says which. */
    public static final int INTERNAL = 4;

    private ExitCodes() {
    }

    /** Prints {@code <command>: <message>} on stderr, after what the command already printed, and returns {@code code}. */
    public static int fail(CommandLine.Model.CommandSpec spec, int code, String message) {
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().println(spec.qualifiedName() + ": " + message);
        return code;
    }

    public static CommandLine newCommandLine(Object command) {
        CommandLine cmd = new CommandLine(command);
        describeExitCodes(cmd);
        cmd.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println("bus: " + ex.getMessage());
            c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help' for more information.");
            return USAGE;
        });
        cmd.setExecutionExceptionHandler((ex, c, parseResult) -> {
            c.getErr().println("bus: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            return INTERNAL;
        });
        return cmd;
    }

    private static void describeExitCodes(CommandLine cmd) {
        cmd.getCommandSpec().usageMessage()
                .exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(DESCRIPTIONS);
        cmd.getSubcommands().values().forEach(ExitCodes::describeExitCodes);
    }

    private static final Map<String, String> DESCRIPTIONS = orderedDescriptions();

    private static Map<String, String> orderedDescriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("0", "ok (bus run, bus node, bus broker: stopped cleanly by Ctrl-C or SIGTERM)");
        m.put("1", "usage error: the command line is wrong");
        m.put("2", "invalid input: a file, id, node, work directory or password is wrong or refused");
        m.put("3", "verification failed (audit log, archive, proof)");
        m.put("4", "unavailable: the bus, its broker, the disk or an audit log; or an internal error. The message says which");
        return m;
    }
}
