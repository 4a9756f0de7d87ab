package eu.bus.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What every command's --help promises: an example, the shared work directory option, the exit codes 0-4. */
class HelpTextTest {

    /** Every command below {@code bus}, picocli's own {@code help} aside. */
    private static List<CommandLine> commands() {
        List<CommandLine> all = new ArrayList<>();
        collect(ExitCodes.newCommandLine(new BusCommand()).getSubcommands(), all);
        return all;
    }

    private static void collect(Map<String, CommandLine> subcommands, List<CommandLine> all) {
        subcommands.forEach((name, command) -> {
            if (!name.equals("help") && !all.contains(command)) {
                all.add(command);
                collect(command.getSubcommands(), all);
            }
        });
    }

    @Test
    void shouldShowAnExampleInTheHelpOfEveryCommand() {
        List<String> without = commands().stream().filter(c -> !c.getUsageMessage().matches("(?s).*\\nExamples?:\\n.*"))
                .map(c -> c.getCommandSpec().qualifiedName()).toList();
        assertEquals(List.of(), without, "commands whose --help has no example");
    }

    @Test
    void shouldOfferTheSameWorkdirOptionWithItsEnvironmentVariableOnEveryCommandThatTakesOne() {
        List<CommandLine> withWorkdir = commands().stream().filter(c -> c.getCommandSpec().findOption("--workdir") != null).toList();
        assertTrue(withWorkdir.size() >= 12, "run, broker, submit, status, subscribe, demo and the keys subcommands");
        for (CommandLine command : withWorkdir) {
            String usage = command.getUsageMessage().replaceAll("\\s+", " ");
            String name = command.getCommandSpec().qualifiedName();
            assertTrue(name.equals("bus demo") || usage.contains("Default: $BUS_WORKDIR, else bus-data"), name + ": " + usage);
        }
        for (String name : List.of("run", "broker", "submit", "status", "subscribe", "keys")) {
            CommandLine command = ExitCodes.newCommandLine(new BusCommand()).getSubcommands().get(name);
            CommandLine target = name.equals("keys") ? command.getSubcommands().get("list") : command;
            assertTrue(target.getCommandSpec().findOption("--workdir") != null, name);
        }
    }

    @Test
    void shouldListOnlyExitCodesZeroToFourAndSayWhatFourCovers() {
        CliRun help = CliRun.bus("run", "--help");
        String codes = help.out().substring(help.out().indexOf("Exit codes:"));
        assertTrue(codes.contains("0   ok (bus run, bus node, bus broker: stopped cleanly by Ctrl-C or SIGTERM)"), codes);
        assertTrue(codes.contains("4   unavailable: the bus, its broker, the disk or an audit log; or an"), codes);
        assertFalse(codes.contains("5 ") || codes.contains("130") || codes.contains("143"), codes);
    }
}
