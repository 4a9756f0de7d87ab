package eu.bus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import eu.bus.rest.BusApiClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "submit", mixinStandardHelpOptions = true,
        description = {
                "Submits message documents to the running bus (bus run) as NODE, over HTTPS with NODE's certificate.",
                "Prints 'OK FILE MESSAGE_ID' per accepted file; for a refused one, the reason and each problem "
                        + "(pointer: problem (expected ...)) on standard error, and carries on with the next file.",
                "Exit 0 when every file was accepted, 2 when any was refused, 4 when no bus runs in the work directory."},
        footer = {"", "Example:", "  bus submit schemas/examples/valid/intelligence-report-1.json --as NL-NMT --fresh --workdir bus-data"})
final class SubmitCommand extends ClientCommand {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Message documents (JSON: header and payload).")
    List<Path> files;

    @Option(names = "--as", required = true, paramLabel = "NODE",
            description = "The submitting node; its keys (DIR/pki/nodes/NODE/signing.p12) authenticate the request.")
    String node;

    @Option(names = "--fresh",
            description = "Give each document a new messageId and createdAt = now before sending (to replay examples; "
                    + "receivers refuse stale or repeated messages).")
    boolean fresh;

    @Override
    int execute() throws Exception {
        BusApiClient client = client(node);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int worst = ExitCodes.OK;
        for (Path file : files) {
            byte[] document;
            try {
                document = read(file);
            } catch (InvalidInput e) {
                err.println("REFUSED " + file + ": " + e.getMessage());
                worst = Math.max(worst, ExitCodes.INVALID_INPUT);
                continue;
            }
            BusApiClient.Response response;
            try {
                response = call("submitting " + file, () -> client.submit(document));
            } catch (Unavailable e) {
                // The id is the user's handle on what happened: say it, and how to find out or retry safely.
                String id = messageIdOf(document);
                throw id == null ? e : new Unavailable(e.getMessage() + "; " + file + " has message id " + id + ": see whether"
                        + " the bus took it with bus status " + id + (fresh ? "" : ", or submit the same file again (a retry"
                        + " of the same document is answered once, never sent twice)"));
            }
            if (response.status() == 202) {
                String id = response.json().path("messageId").asText();
                out.println("OK " + file + " " + id + ("QUEUED".equals(response.json().path("status").asText())
                        ? " (queued: the broker is unavailable; the bus sends it when the broker is back; see bus status " + id + ")" : ""));
                out.flush();
                continue;
            }
            out.flush();
            JsonNode problems = response.json().path("errors");
            err.println("REFUSED " + file + ": " + (problems.size() > 0 && "invalid".equals(response.json().path("rule").asText())
                    ? (problems.size() == 1 ? "1 problem" : problems.size() + " problems") + " (HTTP " + response.status() + ")"
                    : refusal(response)));
            for (JsonNode e : problems) {
                String pointer = e.path("pointer").asText("");
                String expected = e.path("expected").asText(null);
                err.println("  " + (pointer.isEmpty() ? "(document)" : pointer) + ": " + e.path("problem").asText()
                        + (expected == null || expected.isEmpty() ? "" : " (expected " + expected + ")"));
            }
            worst = Math.max(worst, exitCodeOf(response.status()));
        }
        return worst;
    }

    private byte[] read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInput("no such file; give the path of a message document (JSON)");
        }
        try {
            byte[] bytes = Files.readAllBytes(file);
            return fresh ? freshen(bytes) : bytes;
        } catch (IOException e) {
            throw new InvalidInput("cannot read it: " + e.getMessage());
        }
    }

    /** The messageId the document carries, or null when it has none readable. */
    private static String messageIdOf(byte[] document) {
        try {
            JsonNode id = Json.mapper().readTree(document).path("header").path("messageId");
            return id.isTextual() ? id.asText() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] freshen(byte[] bytes) {
        try {
            JsonNode doc = Json.mapper().readTree(bytes);
            if (doc != null && doc.get("header") instanceof ObjectNode header) {
                header.put("messageId", UUID.randomUUID().toString());
                header.put("createdAt", Instant.now().toString());
                return Json.mapper().writeValueAsBytes(doc);
            }
        } catch (IOException e) {
            // not JSON: send as is, the bus reports exactly what is wrong
        }
        return bytes;
    }
}
