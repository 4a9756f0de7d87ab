package eu.bus.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import eu.bus.message.Json;
import eu.bus.message.MessageHeader;
import eu.bus.validation.MessageValidator;
import eu.bus.validation.ValidationError;
import eu.bus.validation.ValidationLimits;
import eu.bus.validation.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {
                "Checks message files (header + payload JSON) against the schemas their header names.",
                "Valid files are listed on standard output; for each invalid file every problem is printed on "
                        + "standard error as '<JSON pointer>: <what is wrong> (expected <what>)'."
        },
        footer = {"", "Examples:",
                "  bus validate schemas/examples/valid/*.json",
                "  bus validate --json message.json | jq ."})
final class ValidateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Message files to check.")
    List<Path> files;

    @Option(names = "--max-bytes", paramLabel = "N",
            description = "Largest accepted message in bytes (default: ${DEFAULT-VALUE}, the SIENA limit of 50 MiB).")
    long maxBytes = ValidationLimits.DEFAULT_MAX_BYTES;

    @Option(names = "--json", description = "Print one JSON object per file on standard output instead of text.")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "Do not list valid files; print only problems.")
    boolean quiet;

    @Override
    public Integer call() {
        ValidationLimits limits;
        try {
            limits = new ValidationLimits(maxBytes);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-bytes: " + e.getMessage());
        }
        MessageValidator validator = new MessageValidator(limits);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int exit = ExitCodes.OK;
        for (Path file : files) {
            ValidationReport report;
            try {
                report = Files.isDirectory(file)
                        ? unreadable("is a directory; name the message files inside it")
                        : validator.validate(file);
            } catch (NoSuchFileException e) {
                report = unreadable("does not exist");
            } catch (IOException e) {
                report = unreadable("cannot be read: " + e.getMessage());
            }
            if (!report.valid()) {
                exit = ExitCodes.INVALID_INPUT;
            }
            if (json) {
                out.println(asJson(file, report));
            } else if (report.valid()) {
                if (!quiet) {
                    MessageHeader h = report.header();
                    out.printf("OK       %s  (%s %s, message %s)%n", file, h.messageType().wireName(), h.schemaVersion(), h.messageId());
                }
            } else {
                printProblems(err, file, report.errors());
            }
        }
        out.flush();
        err.flush();
        return exit;
    }

    private static ValidationReport unreadable(String why) {
        return new ValidationReport(List.of(new ValidationError("", "the file " + why, "a readable message file")), null, null);
    }

    /** A single problem stays on one line with the file name, so grep and CI logs show it whole. */
    private static void printProblems(PrintWriter err, Path file, List<ValidationError> errors) {
        if (errors.size() == 1) {
            err.printf("INVALID  %s: %s%n", file, errors.get(0).describe());
            return;
        }
        err.printf("INVALID  %s (%d problems)%n", file, errors.size());
        for (ValidationError e : errors) {
            err.printf("  %s%n", e.describe());
        }
    }

    private static String asJson(Path file, ValidationReport report) {
        ObjectNode node = Json.mapper().createObjectNode();
        node.put("file", file.toString());
        node.put("valid", report.valid());
        if (report.valid()) {
            node.put("messageId", report.header().messageId().toString());
            node.put("messageType", report.header().messageType().wireName());
            node.put("schemaVersion", report.header().schemaVersion());
        }
        node.set("errors", Json.mapper().valueToTree(report.errors()));
        return node.toString();
    }
}
