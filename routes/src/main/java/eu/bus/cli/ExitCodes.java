package eu.bus.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** Exit codes shared by every subcommand, and the command line set up to use them. */
public final class ExitCodes {
    public static final int OK = 0;
    public static final int USAGE = 1;
    public static final int INVALID_INPUT = 2;
    /** An audit log or archive failed verification. */
    public static final int VERIFICATION_FAILED = 3;
    /** Something outside the input went wrong (disk, broker); the message says what. */
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
        m.put("0", "ok");
        m.put("1", "usage error");
        m.put("2", "invalid input");
        m.put("3", "verification failed");
        m.put("4", "internal error (disk, broker, ...)");
        return m;
    }
}
