package eu.bus.cli;

import eu.bus.message.MessageType;
import eu.bus.validation.SchemaCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = "Lists the message types the bus carries, with their schema versions and ids; "
                + "--show prints one schema.",
        footer = {"", "Examples:", "  bus schemas", "  bus schemas --show victim-referral"})
final class SchemasCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--show", paramLabel = "TYPE", description = "Print the schema of this message type (or 'header', 'common', 'message').")
    String show;

    @Option(names = "--schema-version", paramLabel = "V", description = "With --show: the version (default: the latest).")
    String version;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        if (show != null) {
            return printSchema(out);
        }
        out.printf("%-22s %-9s %-58s %s%n", "TYPE", "VERSIONS", "SCHEMA ID (latest)", "DESCRIPTION");
        for (MessageType type : MessageType.values()) {
            out.printf("%-22s %-9s %-58s %s%n", type.wireName(), String.join(",", type.versions()),
                    SchemaCatalog.schemaId(type.wireName(), type.latestVersion()), type.description());
        }
        out.printf("%nEvery message is {\"header\": ..., \"payload\": ...}; the header schema is %s%n",
                SchemaCatalog.schemaId("header", SchemaCatalog.ENVELOPE_VERSION));
        out.flush();
        return ExitCodes.OK;
    }

    private int printSchema(PrintWriter out) throws IOException {
        Optional<MessageType> type = MessageType.fromWireName(show);
        boolean structural = show.equals("header") || show.equals("common") || show.equals("message");
        if (type.isEmpty() && !structural) {
            spec.commandLine().getErr().println("bus: unknown message type '" + show + "'; run 'bus schemas' to list them.");
            return ExitCodes.USAGE;
        }
        String v = version != null ? version : type.map(MessageType::latestVersion).orElse(SchemaCatalog.ENVELOPE_VERSION);
        String resource = "/eu/bus/schemas/" + show + "/" + v + ".json";
        try (InputStream in = SchemaCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                spec.commandLine().getErr().println("bus: no version '" + v + "' of " + show + "; run 'bus schemas' for the versions.");
                return ExitCodes.USAGE;
            }
            out.print(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        out.flush();
        return ExitCodes.OK;
    }
}
