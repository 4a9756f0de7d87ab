package eu.bus.cli;

import eu.bus.exchange.BusLayout;
import eu.bus.exchange.StatusStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {
                "Prints where a message stands, at each recipient and as a whole (SUBMITTED, SENT, DELIVERED, RECEIPTED, "
                        + "REJECTED, ...), and its history, as its sending node recorded it in DIR/nodes/<NODE>/state/. A message is "
                        + "RECEIPTED when every recipient's signed receipt arrived. Reads the files directly: the bus need not run.",
                "Exit 0 when the message is known, 2 when no node of the work directory sent it."},
        footer = {"", "Example:", "  bus status 5f0c3e2a-9b7d-4c1e-8a6f-000000001eef --workdir bus-data"})
final class StatusCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "ID", description = "The message id (bus submit prints it).")
    String id;

    @Override
    int execute() throws IOException {
        UUID messageId;
        try {
            messageId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new InvalidInput("'" + id + "' is not a message id; ids are UUIDs like 5f0c3e2a-9b7d-4c1e-8a6f-000000001eef");
        }
        Path nodes = dir().resolve("nodes");
        if (!Files.isDirectory(nodes)) {
            throw new InvalidInput("no bus work directory at " + dir() + " (no nodes/ directory); give the --workdir of bus run");
        }
        List<Path> nodeDirs;
        try (Stream<Path> list = Files.list(nodes)) {
            nodeDirs = list.filter(Files::isDirectory).sorted().toList();
        }
        BusLayout layout = new BusLayout(dir());
        for (Path nodeDir : nodeDirs) {
            String node = nodeDir.getFileName().toString();
            List<StatusStore.Change> history = StatusStore.read(layout.state(node)).get(messageId);
            if (history != null && !history.isEmpty()) {
                print(messageId, node, history);
                return ExitCodes.OK;
            }
        }
        throw new InvalidInput("no node under " + nodes + " sent message " + messageId
                + "; check the id (bus submit prints it) and the --workdir");
    }

    private void print(UUID messageId, String node, List<StatusStore.Change> history) {
        PrintWriter out = spec.commandLine().getOut();
        out.println(messageId + "  " + StatusStore.currentOf(history).map(Enum::name).orElse("?") + "  (sent by " + node + ")");
        StatusStore.recipientsOf(history).forEach((recipient, state) ->
                out.println("  " + String.format("%-10s", recipient) + "  " + state.name()));
        out.println("  history:");
        for (StatusStore.Change c : history) {
            out.println(("  " + c.at() + "  " + String.format("%-13s", c.status().name())
                    + (c.recipient() == null ? "" : "  " + c.recipient() + ":")
                    + (c.detail() == null ? "" : "  " + c.detail())).stripTrailing());
        }
    }
}
