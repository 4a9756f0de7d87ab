package eu.bus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import eu.bus.message.Json;
import eu.bus.rest.BusApiClient;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code bus dlq}: a node's dead letters on the running bus, and what an operator may do with them. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = {"A node's dead letters on the running bus (bus run): what it refused on reception (its dead-letter queue"
                + " on the broker) and what it sent that a recipient refused or that expired (its status). Received ones can be"
                + " discarded, sent ones resubmitted (protected again with the node's current keys). Every action is audited"
                + " in the node's audit log with who and why."},
        subcommands = {DlqCommand.List.class, DlqCommand.Show.class, DlqCommand.Resubmit.class, DlqCommand.Discard.class},
        footer = {"", "Example:", "  bus dlq list --as NL-ENU --workdir bus-data"})
final class DlqCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What every dlq subcommand takes: the node and the machine-readable switch. */
    abstract static class Subcommand extends ClientCommand {
        @Option(names = "--as", required = true, paramLabel = "NODE", description = "The node whose dead letters these are.")
        String node;

        @Option(names = "--json", description = "Print the API's JSON answer instead of text.")
        boolean json;

        /** Prints the answer (JSON or {@code text}) on success, else fails with the bus's refusal. */
        int answer(BusApiClient.Response response, java.util.function.Consumer<JsonNode> text) {
            if (response.status() != 200) {
                return fail(exitCodeOf(response.status()), refusal(response));
            }
            if (json) {
                spec.commandLine().getOut().println(response.body());
            } else {
                text.accept(response.json());
            }
            return ExitCodes.OK;
        }

        PrintWriter out() {
            return spec.commandLine().getOut();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists NODE's dead letters: received (refused by NODE; the copy waits in its dead-letter queue) and"
                    + " sent (refused by a recipient, or expired unsent). Removes nothing; content-free, not audited.",
                    "Exit 0, 2 when refused, 4 when no bus runs."},
            footer = {"", "Example:", "  bus dlq list --as NL-ENU --workdir bus-data"})
    static final class List extends Subcommand {
        @Override
        int execute() throws Exception {
            BusApiClient client = client(node);
            return answer(call("listing dead letters", client::deadLetters), this::print);
        }

        private void print(JsonNode body) {
            PrintWriter out = out();
            JsonNode received = body.path("received");
            out.println("Received, refused by " + node + " (" + received.size()
                    + (body.path("receivedTruncated").asBoolean() ? "+, the oldest shown" : "") + "):");
            if (received.size() > 0) {
                out.printf("  %-36s  %-20s  %-14s  %-10s  %s%n", "ID", "AT", "CODE", "FROM", "REASON");
            }
            for (JsonNode d : received) {
                out.printf("  %-36s  %-20s  %-14s  %-10s  %s%n", d.path("id").asText(), OperatorText.time(d.get("at")),
                        d.path("code").asText(), d.path("sentBy").asText("-"), OperatorText.shorten(d.path("reason").asText()));
            }
            JsonNode sent = body.path("sent");
            out.println("Sent by " + node + ", refused (" + sent.size() + "):");
            if (sent.size() > 0) {
                out.printf("  %-36s  %-14s  %-10s  %s%n", "MESSAGE ID", "STATUS", "RECIPIENT", "REASON");
            }
            for (JsonNode s : sent) {
                for (Iterator<Map.Entry<String, JsonNode>> it = s.path("refusals").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> r = it.next();
                    out.printf("  %-36s  %-14s  %-10s  %s%n", s.path("messageId").asText(), r.getValue().path("status").asText(),
                            r.getKey(), OperatorText.shorten(r.getValue().path("detail").asText("-")));
                }
            }
            if (received.size() + sent.size() > 0) {
                out.println("Details: bus dlq show ID --as " + node + "; received: bus dlq discard ID --as " + node
                        + " --reason TEXT; sent: bus dlq resubmit ID --as " + node + " --reason TEXT");
            }
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = {"Shows one dead letter: why it was refused, by whom, who the broker says sent it, the header it"
                    + " claimed, its size and digest. Never its content. Not audited (content-free).",
                    "Exit 0, 2 for an unknown id, 4 when no bus runs."},
            footer = {"", "Example:", "  bus dlq show 3b9e7a52-1c0d-4f5e-9a8b-7c6d5e4f3a2b --as NL-ENU --workdir bus-data"})
    static final class Show extends Subcommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The dead-letter id (bus dlq list) or the message id.")
        String id;

        @Override
        int execute() throws Exception {
            BusApiClient client = client(node);
            return answer(call("reading a dead letter", () -> client.deadLetter(id)), this::print);
        }

        private void print(JsonNode d) {
            PrintWriter out = out();
            if ("sent".equals(d.path("kind").asText())) {
                out.println("Message " + d.path("messageId").asText() + " sent by " + node + ": " + d.path("status").asText()
                        + " (submitted " + OperatorText.time(d.get("submittedAt")) + ")");
                d.path("refusals").fields().forEachRemaining(r -> out.println("  " + r.getKey() + "  "
                        + r.getValue().path("status").asText() + "  " + OperatorText.time(r.getValue().get("at")) + "  "
                        + r.getValue().path("detail").asText("-")));
                out.println("Resubmit with current keys: bus dlq resubmit " + d.path("messageId").asText() + " --as " + node
                        + " --reason TEXT");
                return;
            }
            out.println("Dead letter " + d.path("id").asText() + " in " + node + "'s dead-letter queue");
            out.println("  refused     " + OperatorText.time(d.get("at")) + " by " + d.path("rejectedBy").asText());
            out.println("  code        " + d.path("code").asText());
            out.println("  reason      " + d.path("reason").asText());
            out.println("  put on bus  by " + d.path("sentBy").asText("(unknown)") + " (as the broker authenticated it)");
            out.println("  claims id   " + d.path("messageId").asText("(none)"));
            out.println("  size        " + d.path("size").asLong() + " bytes, SHA-256 " + d.path("digest").asText("-"));
            if (d.has("claimedHeader")) {
                out.println("  claimed header (unauthenticated unless the reason says it verified):");
                out.println(OperatorText.indent(d.path("claimedHeader")));
            }
            out.println("Only its sender can send it again; remove it with: bus dlq discard " + d.path("id").asText()
                    + " --as " + node + " --reason TEXT");
        }
    }

    @Command(name = "resubmit", mixinStandardHelpOptions = true,
            description = {"Protects a message NODE sent again with its current keys and sends it to the recipients that"
                    + " refused it (e.g. after a key rotation). Audited RESUBMITTED with who and why. A dead letter NODE"
                    + " received cannot be resubmitted: only its sender can protect it again.",
                    "Exit 0, 2 when refused (unknown id, a received dead letter), 4 when no bus runs."},
            footer = {"", "Example:", "  bus dlq resubmit 5f0c3e2a-9b7d-4c1e-8a6f-000000001eef --as BE-NMT"
                    + " --reason \"signed with the revoked key; keys rotated\" --workdir bus-data"})
    static final class Resubmit extends Subcommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The message id of the refused sent message.")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the audit log.")
        String reason;

        @Override
        int execute() throws Exception {
            BusApiClient client = client(node);
            return answer(call("resubmitting", () -> client.resubmit(id, reason, OperatorText.operatorName())), body -> {
                java.util.List<String> to = new java.util.ArrayList<>();
                body.path("recipients").forEach(r -> to.add(r.asText()));
                out().println("OK " + id + " resubmitted to " + String.join(", ", to) + "; follow it with: bus status " + id);
            });
        }
    }

    @Command(name = "discard", mixinStandardHelpOptions = true,
            description = {"Removes one dead letter from NODE's dead-letter queue for good. Audited DISCARDED with who and why"
                    + " (its digest and refusal stay in the audit log).",
                    "Exit 0, 2 when refused (unknown id, a sent message), 4 when no bus runs."},
            footer = {"", "Example:", "  bus dlq discard 3b9e7a52-1c0d-4f5e-9a8b-7c6d5e4f3a2b --as NL-ENU"
                    + " --reason \"garbage from a misconfigured test client, reported\" --workdir bus-data"})
    static final class Discard extends Subcommand {
        @Parameters(index = "0", paramLabel = "ID", description = "The dead-letter id (bus dlq list).")
        String id;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the audit log.")
        String reason;

        @Override
        int execute() throws Exception {
            BusApiClient client = client(node);
            return answer(call("discarding", () -> client.discard(id, reason, OperatorText.operatorName())), body ->
                    out().println("OK dead letter " + body.path("deadLetter").path("id").asText() + " discarded from " + node
                            + "'s dead-letter queue (audited DISCARDED)"));
        }
    }
}
