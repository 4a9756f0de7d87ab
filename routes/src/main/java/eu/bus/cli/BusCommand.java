package eu.bus.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bus} command: one entry point, one subcommand per job. */
@Command(name = "bus",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Secure, auditable message exchange for cross-border investigations of trafficking in human beings.",
        subcommands = {
                DemoCommand.class,
                RunCommand.class,
                NodeCommand.class,
                BrokerCommand.class,
                SiteCommand.class,
                SubmitCommand.class,
                StatusCommand.class,
                MessagesCommand.class,
                DlqCommand.class,
                SubscribeCommand.class,
                ValidateCommand.class,
                SchemasCommand.class,
                VersionCommand.class,
                KeysCommand.class,
                AuditCommand.class,
                StatsCommand.class,
                CommandLine.HelpCommand.class
        })
public final class BusCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(ExitCodes.newCommandLine(new BusCommand()).execute(args));
    }
}
