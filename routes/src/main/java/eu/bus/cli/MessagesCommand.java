package eu.bus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.rest.BusApiClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bus messages}: a node's messages on the running bus, and a received message's content. */
@Command(name = "messages", mixinStandardHelpOptions = true,
        description = {"A node's messages on the running bus (bus run): what it sent, with each recipient's status, and what it"
                + " received; and, for a recipient, the content of a message it received (audited as a consultation)."},
        subcommands = {MessagesCommand.List.class, MessagesCommand.Show.class},
        footer = {"", "Example:", "  bus messages list --as NL-ENU --status DELIVERED --since 2h --workdir bus-data"})
final class MessagesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists NODE's messages, oldest first: sent ones with their status as a whole and at each recipient"
                    + " (SUBMITTED, SENT, DELIVERED, RECEIPTED, REJECTED, DEAD_LETTERED, EXPIRED), received ones as RECEIVED"
                    + " (authenticated, not yet settled), DELIVERED or DEAD_LETTERED. Metadata only, no content.",
                    "Exit 0, 2 for a bad filter, 4 when no bus runs."},
            footer = {"", "Examples:", "  bus messages list --as NL-NMT --workdir bus-data",
                    "  bus messages list --as NL-ENU --status DEAD_LETTERED --case CASE-2026-000123 --since 2026-01-31 --json"})
    static final class List extends ClientCommand {
        private static final String ROW = "%-20s  %-8s  %-13s  %-26s  %-16s  %-36s  %s%n";

        @Option(names = "--as", required = true, paramLabel = "NODE", description = "The node whose messages to list.")
        String node;

        @Option(names = "--status", paramLabel = "S", description = "Only messages with this status (e.g. DEAD_LETTERED).")
        String status;

        @Option(names = "--case", paramLabel = "ID", description = "Only messages of this case (e.g. CASE-2026-000123).")
        String caseId;

        @Option(names = "--since", paramLabel = "T",
                description = "Only messages sent or received at or after T: 2026-01-31T12:00:00Z, 2026-01-31, or 30m, 2h, 7d ago.")
        String since;

        @Option(names = "--json", description = "Print the API's JSON answer instead of a table.")
        boolean json;

        @Override
        int execute() throws Exception {
            BusApiClient client = client(node);
            BusApiClient.Response response = call("listing messages", () -> client.messages(status, caseId, since));
            if (response.status() != 200) {
                return fail(exitCodeOf(response.status()), refusal(response));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(response.body());
                return ExitCodes.OK;
            }
            out.printf(ROW, "AT", "WAY", "STATUS", "TYPE", "CASE", "MESSAGE ID", "WITH");
            for (JsonNode m : response.json().path("messages")) {
                out.printf(ROW, OperatorText.time(m.get("at")), m.path("direction").asText(), m.path("status").asText("-"),
                        m.path("messageType").asText("-"), m.path("caseId").asText("-"), m.path("messageId").asText(), with(m));
            }
            return ExitCodes.OK;
        }

        /** "to A:RECEIPTED, B:SENT" for a sent message, "from X (reason)" for a received one. */
        private static String with(JsonNode m) {
            if ("sent".equals(m.path("direction").asText())) {
                java.util.List<String> to = new ArrayList<>();
                m.path("recipients").fields().forEachRemaining(r -> to.add(r.getKey() + ":" + r.getValue().asText()));
                return "to " + String.join(", ", to);
            }
            return "from " + m.path("sender").asText("?") + (m.has("detail") ? " (" + OperatorText.shorten(m.path("detail").asText()) + ")" : "");
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Prints the content of a message NODE received, decrypted locally from NODE's archive, and records"
                    + " the reading in NODE's audit log as CONSULTED with who, when, which message and the purpose, as the Law"
                    + " Enforcement Directive's logging rules (Art. 25) require. --purpose is required. A node reads only what"
                    + " it received.",
                    "Exit 0, 2 when refused (no purpose, not received by NODE), 4 when no bus runs."},
            footer = {"", "Example:", "  bus messages show 5f0c3e2a-9b7d-4c1e-8a6f-000000001eef --as NL-ENU"
                    + " --purpose \"case CASE-2026-000123: analyst review\" --workdir bus-data"})
    static final class Show extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The message id (bus messages list).")
        String id;

        @Option(names = "--as", required = true, paramLabel = "NODE", description = "The recipient node that reads it.")
        String node;

        @Option(names = "--purpose", paramLabel = "TEXT",
                description = "Required: why you read it (recorded in the audit log), e.g. the case and the task.")
        String purpose;

        @Option(names = "--json", description = "Print the API's JSON answer (header, payload, the consultation record).")
        boolean json;

        @Override
        int execute() throws Exception {
            BusApiClient client = client(node);
            // Sent even when missing: the bus refuses it with the reason, one wording for the CLI and the API.
            BusApiClient.Response response = call("reading the message", () -> client.content(id, purpose,
                    OperatorText.operatorName()));
            if (response.status() != 200) {
                return fail(exitCodeOf(response.status()), refusal(response));
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(response.body());
                return ExitCodes.OK;
            }
            JsonNode body = response.json();
            JsonNode header = body.path("header");
            out.println("Message " + body.path("messageId").asText() + "  " + header.path("messageType").asText()
                    + "  from " + header.path("sender").asText() + " (signature verified: " + body.path("signedBy").asText() + ")");
            out.println("  case " + header.path("caseId").asText("-") + ", created " + header.path("createdAt").asText()
                    + ", handling " + header.path("handlingCode").asText("-"));
            out.println("  consultation recorded: audit record " + body.path("consultation").path("auditSequence").asLong()
                    + " at " + OperatorText.time(body.path("consultation").get("at")));
            out.println("Payload:");
            out.println(OperatorText.indent(body.path("payload")));
            return ExitCodes.OK;
        }
    }
}
